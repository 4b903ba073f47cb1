from ukpeace_cli.cli import main

main()
