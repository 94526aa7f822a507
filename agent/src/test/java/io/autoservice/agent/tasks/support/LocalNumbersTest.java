package io.autoservice.agent.tasks.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LocalNumbersTest {
  @ParameterizedTest(name = "[{index}] {0} -> {1} ({2})")
  @CsvSource(
      delimiter = '|',
      value = {
        "12345678        | 12345678 | plain",
        "12 345 678      | 12345678 | space (Windows en-ZA, fr before Vista)",
        "12\u00A0345\u00A0678 | 12345678 | no-break space (fr, ru, pl, cs)",
        "12\u202F345\u202F678 | 12345678 | narrow no-break space (fr since Windows 10 1803)",
        "12\u2009345     | 12345    | thin space",
        "12.345.678      | 12345678 | dot (de, es, it, nl, pt-BR)",
        "12'345'678      | 12345678 | apostrophe (de-CH)",
        "12\u2019345\u2019678 | 12345678 | right single quote (de-CH on newer ICU)",
        "12,345,678      | 12345678 | comma (en, ja, zh)",
        "1,234           | 1234     | a lone comma before three digits groups",
        "1.234           | 1234     | a lone dot before three digits groups",
        "-4 096          | -4096    | sign",
        "0               | 0        | zero",
      })
  void readsEveryGroupingAsAWholeNumber(String text, long expected, String form) {
    assertThat(LocalNumbers.integer(text)).as(form).hasValue(expected);
  }

  @ParameterizedTest(name = "[{index}] {0} -> {1} ({2})")
  @CsvSource(
      delimiter = '|',
      value = {
        "12.5            | 12.5      | decimal dot",
        "12,5            | 12.5      | decimal comma",
        "1.234,56        | 1234.56   | de: dot groups, comma decimal",
        "1,234.56        | 1234.56   | en: comma groups, dot decimal",
        "1 234,56        | 1234.56   | fr: space groups, comma decimal",
        "1\u202F234,56   | 1234.56   | fr: narrow no-break space",
        "1'234.56        | 1234.56   | de-CH",
        "12.345.678,9    | 12345678.9 | repeated dots group",
        "0,001           | 0.001     | a lone mark is a decimal in decimal()",
        "7               | 7.0       | whole",
      })
  void readsEveryDecimalForm(String text, double expected, String form) {
    assertThat(LocalNumbers.decimal(text)).as(form).hasValue(expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {"abc", "12,5", "1.2.3", "12 34", "1,23,456", "''", "1..2", "12.", ",5", "1.234,5.6"})
  void refusesWhatIsNotAWholeNumber(String text) {
    assertThat(LocalNumbers.integer(text)).isEmpty();
  }

  @Test
  void refusesMixedMarksUsedTwiceAsDecimal() {
    assertThat(LocalNumbers.decimal("1.234,5,6")).isEmpty();
    assertThat(LocalNumbers.decimal("12 34,5")).isEmpty();
  }

  @Test
  void findsEveryNumberOfALineWhateverItsGrouping() {
    assertThat(LocalNumbers.tokens("  12 345 678 KB total disk space."))
        .containsExactly("12 345 678");
    assertThat(LocalNumbers.tokens("  976\u00A0657\u00A0151 Ko au total sur le disque."))
        .containsExactly("976\u00A0657\u00A0151");
    assertThat(LocalNumbers.tokens("Pakete: Gesendet = 4, Empfangen = 4, Verloren = 0"))
        .containsExactly("4", "4", "0");
    assertThat(LocalNumbers.tokens("Minimum = 1,5ms, Maximum = 12ms")).containsExactly("1,5", "12");
    assertThat(LocalNumbers.tokens("abc12345 def")).containsExactly("12345");
  }

  @Test
  void readsTheNumbersItFinds() {
    List<String> t = LocalNumbers.tokens("  4.096 Bytes in jeder Zuordnungseinheit.");
    assertThat(LocalNumbers.integer(t.get(0))).hasValue(4096);
  }
}
