from gaozhi_cli.cli.app import main

main()
