// The Tour from JShell: what each opskit module does and which local servers it found.
// Run from the repository root:
//   examples/jshell/opskit-jshell examples/jshell/tour.jsh
// Every script here runs its work in run(...) from opskit-startup.jsh and ends with /exit status: the
// first exception stops the script and jshell exits 1 (a body that does not compile leaves it at 1).
int status = 1;
status = run(() -> dev.opskit.examples.Tour.main(new String[0]));
/exit status
