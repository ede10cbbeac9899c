"""Who owns each customer duty here: the operator's ownership overlay.

The overlay is the operator's data, not srm's: a YAML file (`overlay` values, `schema` and
`validate` for `file:line` problems), stored whole with its own version (`store`), and a
resolver (`resolve`) that says which rule decides each customer duty. Loading an overlay never
touches the knowledge; the cards, the `owner` intent and the Slack app ask the resolver.
"""
