package io.autoservice.agent.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LineSplitterTest {

  private final List<String> lines = new ArrayList<>();
  private final LineSplitter splitter = new LineSplitter(lines::add);

  private List<String> split(String... chunks) {
    for (String chunk : chunks) {
      splitter.feed(chunk);
    }
    splitter.finish();
    return lines;
  }

  @Test
  void lfCrLfAndLoneCrEachEndALine() {
    assertThat(split("a\nb\r\nc\rd\n")).containsExactly("a", "b", "c", "d");
  }

  @Test
  void crLfSplitAcrossReadsIsOneTerminator() {
    assertThat(split("abc\r", "\ndef\r", "\n")).containsExactly("abc", "def");
  }

  @Test
  void crCrLfIsOneTerminatorAlsoWhenSplit() {
    assertThat(split("a\r\r\nb\r\r\n")).containsExactly("a", "b");
    lines.clear();
    LineSplitter other = new LineSplitter(lines::add);
    for (String chunk : List.of("a", "\r", "\r", "\n", "b", "\r", "\r", "\n")) {
      other.feed(chunk);
    }
    other.finish();
    assertThat(lines).containsExactly("a", "b");
  }

  @Test
  void extraCrsWithoutLfAreEmptyLines() {
    assertThat(split("a\r\rb\r\r\r")).containsExactly("a", "", "b", "", "");
  }

  @Test
  void emptyLinesAreKept() {
    assertThat(split("\n\na\n\r\n\r\n")).containsExactly("", "", "a", "", "");
  }

  @Test
  void finalUnterminatedLineIsDeliveredAtEnd() {
    assertThat(split("first\nlast")).containsExactly("first", "last");
  }

  @Test
  void nothingForEmptyInput() {
    assertThat(split("")).isEmpty();
    assertThat(split("\r")).containsExactly("");
  }

  @Test
  void crLineIsDeliveredBeforeTheNextCharArrives() {
    splitter.feed("Verification 5% complete.\r");
    assertThat(lines).containsExactly("Verification 5% complete.");
    splitter.feed("\nVerification 6% complete.\r");
    assertThat(lines).containsExactly("Verification 5% complete.", "Verification 6% complete.");
  }

  @Test
  void overlongLinesAreCutIntoPieces() {
    LineSplitter small = new LineSplitter(lines::add, 4);
    small.feed("abcdefghij\nabcd\n");
    small.finish();
    assertThat(lines).containsExactly("abcd", "efgh", "ij", "abcd");
  }

  @ParameterizedTest(name = "split at {0}")
  @CsvSource({"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13"})
  void everySplitPointGivesTheSameLines(int at) {
    String text = "a\r\nb\r\r\nc\rd\n\ne";
    assertThat(split(text.substring(0, at), text.substring(at)))
        .containsExactly("a", "b", "c", "d", "", "e");
  }
}
