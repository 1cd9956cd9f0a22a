import BearingCommands

await Bearing.main()
