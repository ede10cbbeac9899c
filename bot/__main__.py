from bot.console import run

run()
