"""`python -m newstrace …` runs the command-line interface."""
from newstrace.cli.main import main

main()
