package dev.opskit.schemadiff.source;

import dev.opskit.schemadiff.model.Flavor;
import dev.opskit.schemadiff.model.Schema;
import java.util.Optional;

/** TEMPORARY LOCAL PLACEHOLDER: replaced by the parser branch before commit. */
public final class DdlParser {
  private DdlParser() {}

  public static Schema parse(String text, Flavor flavor) {
    throw new UnsupportedOperationException();
  }

  public static Optional<Flavor> detectFlavor(String text) {
    return Optional.empty();
  }
}
