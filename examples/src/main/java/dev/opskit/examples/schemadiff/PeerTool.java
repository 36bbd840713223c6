package dev.opskit.examples.schemadiff;

/** Another schema-diff tool, run once on the same pair of schemas for reference. */
interface PeerTool {

  /** Returns the tool's name and version, for the report. */
  String describe();

  /**
   * Compares schema {@code from} with schema {@code to} once.
   *
   * @param server the server holding both
   * @param from the schema the changes start from
   * @param to the schema the changes lead to
   * @return the wall time of the comparison and what the tool found
   * @throws Exception if the tool fails
   */
  PeerResult diff(BenchServer server, String from, String to) throws Exception;

  /**
   * What one run of a peer tool measured.
   *
   * @param millis the wall time of the comparison alone, in milliseconds
   * @param outcome a short note on what the tool reported
   */
  record PeerResult(double millis, String outcome) {}
}
