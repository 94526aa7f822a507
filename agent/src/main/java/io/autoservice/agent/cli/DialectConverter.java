package io.autoservice.agent.cli;

import io.autoservice.common.protocol.MarkerDialect;
import picocli.CommandLine;

/** {@code --markers seed|autoservice}. */
final class DialectConverter implements CommandLine.ITypeConverter<MarkerDialect> {
  @Override
  public MarkerDialect convert(String value) {
    try {
      return MarkerDialect.fromName(value);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not a marker dialect (expected: seed or autoservice)");
    }
  }
}
