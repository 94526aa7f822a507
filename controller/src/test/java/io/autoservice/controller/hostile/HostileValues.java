package io.autoservice.controller.hostile;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * What a hostile peer puts in a field: the lengths, characters, nesting and numbers that broke or
 * could break a controller. Each generator mixes plain values (so a message is sometimes accepted
 * and goes deeper into the controller) with the nasty ones.
 */
final class HostileValues {
  private HostileValues() {}

  /** Short, plausible text: what a field normally holds. */
  static Arbitrary<String> plain() {
    return Arbitraries.strings()
        .withCharRange('a', 'z')
        .numeric()
        .withChars('-', '_', '.')
        .ofMinLength(1)
        .ofMaxLength(24);
  }

  /** Any text a peer could put in a string field. */
  static Arbitrary<String> text() {
    return Arbitraries.frequencyOf(
        Tuple.of(3, plain()),
        Tuple.of(2, controls()),
        Tuple.of(2, longText()),
        Tuple.of(
            1,
            Arbitraries.of(
                "",
                ".",
                "..",
                "../../etc/passwd",
                "C:\\Windows\\System32",
                "'; DROP TABLE runs;--",
                "%s%n%x",
                "${jndi:ldap://127.0.0.1/a}",
                "\"},{\"type\":\"x",
                "\\u0000",
                "\u202eevil",
                "\ud800",
                "日本語テキスト",
                " ",
                "\t",
                "null",
                "NaN",
                "-1",
                "9".repeat(40))),
        Tuple.of(1, Arbitraries.strings().all().ofMaxLength(64)));
  }

  /** Text carrying terminal controls: ESC sequences, BEL, CR, NUL, C1. */
  static Arbitrary<String> controls() {
    Arbitrary<String> control =
        Arbitraries.of(
            "\u001b[2J",
            "\u001b]0;owned\u0007",
            "\u0007",
            "\r",
            "\n",
            "\r\n",
            "\u0000",
            "\u009b31m",
            "\u007f",
            "\u0085");
    return Combinators.combine(plain(), control, plain()).as((a, c, b) -> a + c + b);
  }

  /** Text longer than any column or limit: 300 characters to 70,000. */
  static Arbitrary<String> longText() {
    return Combinators.combine(
            Arbitraries.of(300, 1_001, 4_001, 5_000, 70_000),
            Arbitraries.of('x', 'é', '\u001b', '日'))
        .as((n, c) -> String.valueOf(c).repeat(n));
  }

  /** An id-like field: usually plain, sometimes hostile. */
  static Arbitrary<String> id() {
    return Arbitraries.frequencyOf(Tuple.of(2, plain()), Tuple.of(3, text()));
  }

  static Arbitrary<Long> extremeLong() {
    return Arbitraries.frequencyOf(
        Tuple.of(2, Arbitraries.longs().between(0, 50)),
        Tuple.of(
            1,
            Arbitraries.of(
                Long.MAX_VALUE, Long.MIN_VALUE, -1L, (long) Integer.MAX_VALUE + 1, 1L << 53)));
  }

  static Arbitrary<Integer> extremeInt() {
    return Arbitraries.frequencyOf(
        Tuple.of(2, Arbitraries.integers().between(0, 5)),
        Tuple.of(1, Arbitraries.of(Integer.MAX_VALUE, Integer.MIN_VALUE, -1, 1_000_000)));
  }

  static Arbitrary<Double> extremeDouble() {
    return Arbitraries.frequencyOf(
        Tuple.of(2, Arbitraries.doubles().between(0, 100)),
        Tuple.of(
            1,
            Arbitraries.of(
                Double.NaN,
                Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY,
                -0.0,
                -1.0,
                Double.MAX_VALUE,
                Double.MIN_VALUE,
                1e308)));
  }

  /** Protobuf timestamps, including ones no Instant can hold and nanos out of range. */
  static Arbitrary<Timestamp> timestamp() {
    Arbitrary<Long> seconds =
        Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.longs().between(1_600_000_000L, 1_900_000_000L)),
            Tuple.of(
                1,
                Arbitraries.of(
                    Long.MAX_VALUE, Long.MIN_VALUE, 0L, -62_135_596_801L, 253_402_300_800L)));
    Arbitrary<Integer> nanos =
        Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.integers().between(0, 999_999_999)),
            Tuple.of(1, Arbitraries.of(-1, 1_000_000_000, Integer.MAX_VALUE, Integer.MIN_VALUE)));
    return Combinators.combine(seconds, nanos)
        .as((s, n) -> Timestamp.newBuilder().setSeconds(s).setNanos(n).build());
  }

  /**
   * A Struct: flat and plain, wide, or nested up to 60 levels (the wire allows about 33 JSON
   * levels).
   */
  static Arbitrary<Struct> struct() {
    return Arbitraries.frequencyOf(
        Tuple.of(3, flat()),
        Tuple.of(
            2,
            Combinators.combine(Arbitraries.integers().between(2, 60), text())
                .as(HostileValues::nested)),
        Tuple.of(1, Arbitraries.integers().between(100, 5_000).map(HostileValues::wide)));
  }

  private static Arbitrary<Struct> flat() {
    return Combinators.combine(plain(), text(), extremeDouble())
        .as(
            (k, v, d) ->
                Struct.newBuilder()
                    .putFields(k, Value.newBuilder().setStringValue(v).build())
                    .putFields("n", Value.newBuilder().setNumberValue(d).build())
                    .build());
  }

  /** JSON nested {@code depth} levels, alternating objects and lists. */
  static Struct nested(int depth, String leaf) {
    Value v = Value.newBuilder().setStringValue(leaf).build();
    for (int i = 0; i < depth - 1; i++) {
      v =
          i % 2 == 0
              ? Value.newBuilder().setStructValue(Struct.newBuilder().putFields("k", v)).build()
              : Value.newBuilder().setListValue(ListValue.newBuilder().addValues(v)).build();
    }
    return Struct.newBuilder().putFields("deep", v).build();
  }

  private static Struct wide(int keys) {
    Struct.Builder b = Struct.newBuilder();
    for (int i = 0; i < keys; i++) {
      b.putFields("k" + i, Value.newBuilder().setStringValue("v\u001b" + i).build());
    }
    return b.build();
  }
}
