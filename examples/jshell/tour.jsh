// The Tour from JShell: what each opskit module does and which local servers it found.
// Run from the repository root (see README.md for the class path):
//   jshell --class-path "$CP" examples/jshell/tour.jsh
dev.opskit.examples.Tour.main(new String[0]);
/exit
