"""srm as a Slack app: Bolt listeners, the WSGI app served by gunicorn, and Socket Mode."""
