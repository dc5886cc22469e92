from claimdesk.launch import main

main()
