from billwatch.cli import main

main()
