from baylink.cli import main

main()
