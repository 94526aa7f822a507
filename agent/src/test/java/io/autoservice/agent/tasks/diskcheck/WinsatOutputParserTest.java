package io.autoservice.agent.tasks.diskcheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.agent.testing.Fixtures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WinsatOutputParserTest {

  private static Map<String, Double> parse(String fixture) {
    return WinsatOutputParser.parse(Fixtures.lines("winsat", fixture));
  }

  /** The seven value/score pairs in KEYS order, then the total run time. */
  private static void assertMetrics(Map<String, Double> m, Double... expected) {
    assertThat(m.keySet()).containsExactlyElementsOf(WinsatOutputParser.KEYS);
    assertThat(new ArrayList<>(m.values())).containsExactly(expected);
  }

  // ---- one test per recorded file ---------------------------------------------------------

  @Test
  void shouldReadTheWin10SataSsdRunAndIgnoreTheSecondRun() {
    assertMetrics(
        parse("en-win10-disk-c-sata-ssd-and-d-nvme.txt"),
        404.52,
        8.2,
        516.71,
        8.1,
        489.50,
        8.1,
        0.218,
        8.6,
        0.476,
        8.7,
        4.490,
        8.6,
        0.239,
        8.8,
        5.98);
  }

  @Test
  void shouldReadTheNvmeRunOnItsOwn() {
    List<String> lines = Fixtures.lines("winsat", "en-win10-disk-c-sata-ssd-and-d-nvme.txt");
    int d = lines.indexOf("C:\\Windows\\system32>winsat disk -drive d");
    Map<String, Double> m = WinsatOutputParser.parse(lines.subList(d, lines.size()));
    assertThat(m.get("sequential_read_mbps")).isEqualTo(3219.62);
    assertThat(m.get("sequential_read_score")).isEqualTo(9.3);
    assertThat(m.get("sequential_write_mbps")).isEqualTo(2230.19);
    assertThat(m.get("total_run_time_seconds")).isEqualTo(3.89);
  }

  @Test
  void shouldReadTheWin7HddLayoutWithResponsivenessLines() {
    assertMetrics(
        parse("en-win7-disk-c-hdd-responsiveness-nv-cache-not-present.txt"),
        2.43,
        4.4,
        111.23,
        6.7,
        116.12,
        6.8,
        6.720,
        5.4,
        30.732,
        3.4,
        56.218,
        7.8,
        15.075,
        3.4,
        142.1);
  }

  @Test
  void shouldReadTheSdCardRun() {
    assertMetrics(
        parse("en-disk-drive-g-sd-card-usb-reader-partial.txt"),
        13.59,
        5.6,
        32.59,
        4.5,
        28.19,
        4.2,
        1.973,
        6.9,
        3.278,
        6.9,
        9.290,
        8.1,
        1.424,
        8.1,
        37.56);
  }

  @Test
  void shouldReadWhitespaceCollapsedOutput() {
    assertMetrics(
        parse("en-surface-go-disk-c-powershell-whitespace-collapsed.txt"),
        88.91,
        7.1,
        269.49,
        7.6,
        104.53,
        6.6,
        0.621,
        7.9,
        1.716,
        7.9,
        45.881,
        7.9,
        0.591,
        8.6,
        15.80);
  }

  @Test
  void shouldFindNoDiskMetricsInTheRussianFormalRunButUndoItsConsoleWrap() {
    List<String> lines =
        Fixtures.lines("winsat", "ru-win81-formal-v-partial-80col-wrap-blanklines-lost.txt");
    assertThat(WinsatOutputParser.parse(lines).values()).containsOnlyNulls();
    assertThat(WinsatOutputParser.unwrap(lines))
        .contains(
            "> Политика электропитания системного процессора сохранена и настроена на \"максимальную производительность\"");
  }

  // ---- reconstructed outputs (fixtures/tool-outputs/winsat/README.md) ---------------------

  @Test
  void shouldReadSingleModeRuns() {
    Map<String, Double> seq = parse("synthetic-en-seq-read-drive-c.txt");
    assertThat(seq.get("sequential_read_mbps")).isEqualTo(516.71);
    assertThat(seq.get("random_read_mbps")).isNull();
    assertThat(seq.get("total_run_time_seconds")).isEqualTo(2.41);
    Map<String, Double> flush = parse("synthetic-en-flush-drive-c.txt");
    assertThat(flush.get("avg_read_time_seq_writes_ms")).isEqualTo(0.218);
    assertThat(flush.get("latency_max_score")).isEqualTo(8.6);
    assertThat(flush.get("sequential_read_mbps")).isNull();
  }

  @Test
  void shouldReadOnlyTheRunTimeWhenNothingWasMeasured() {
    Map<String, Double> m = parse("synthetic-en-no-metrics-exit0.txt");
    assertThat(m.get("total_run_time_seconds")).isEqualTo(0.02);
    assertThat(m.get("random_read_mbps")).isNull();
    assertThat(parse("synthetic-en-invalid-drive-error-exit-nonzero.txt").values())
        .containsOnlyNulls();
  }

  // ---- robustness -------------------------------------------------------------------------

  @Test
  void shouldReadAValueSplitByAnEightyColumnWrap() {
    // An 80-column console wraps mid-number: "…Read      3219" / ".62 MB/s          9.3"
    String head = "> Disk  Sequential 64.0 Read";
    List<String> wrapped =
        List.of(head + " ".repeat(80 - head.length() - 4) + "3219", ".62 MB/s          9.3");
    assertThat(wrapped.get(0)).hasSize(WinsatOutputParser.CONSOLE_WIDTH);
    Map<String, Double> m = WinsatOutputParser.parse(wrapped);
    assertThat(m.get("sequential_read_mbps")).isEqualTo(3219.62);
    assertThat(m.get("sequential_read_score")).isEqualTo(9.3);
  }

  @Test
  void shouldReadAThroughputWithoutScoreAndADecimalComma() {
    Map<String, Double> m =
        WinsatOutputParser.parse(
            Arrays.asList(
                "> Disk  Random 16.0 Read                       404,52 MB/s",
                "> Latency: Maximum                             4,490 ms          8,6"));
    assertThat(m.get("random_read_mbps")).isEqualTo(404.52);
    assertThat(m.get("random_read_score")).isNull();
    assertThat(m.get("latency_max_ms")).isEqualTo(4.49);
    assertThat(m.get("latency_max_score")).isEqualTo(8.6);
  }

  @Test
  void shouldReadThroughputsGroupedAsTheDisplayLanguageWritesThem() {
    Map<String, Double> m =
        WinsatOutputParser.parse(
            Arrays.asList(
                "> Disk  Sequential 64.0 Read                   3\u00A0219,62 MB/s          9,3",
                "> Disk  Sequential 64.0 Write                  1.234,5 MB/s          8,9",
                "> Disk  Random 16.0 Read                       1\u202F034,25 MB/s          8,8",
                "> Total Run Time 00:00:12,34"));
    assertThat(m.get("sequential_read_mbps")).isEqualTo(3219.62);
    assertThat(m.get("sequential_read_score")).isEqualTo(9.3);
    assertThat(m.get("sequential_write_mbps")).isEqualTo(1234.5);
    assertThat(m.get("random_read_mbps")).isEqualTo(1034.25);
    assertThat(m.get("total_run_time_seconds")).isEqualTo(12.34);
  }

  @Test
  void shouldNeverThrowOnNullsOrGarbage() {
    assertThat(WinsatOutputParser.parse(null).values()).containsOnlyNulls();
    List<String> junk = new ArrayList<>();
    junk.add(null);
    junk.add("> Disk  Random 16.0 Read  1.2.3.4 MB/s 9.9.9");
    junk.add("x".repeat(100_000));
    Random r = new Random(11);
    for (int i = 0; i < 200; i++) {
      char[] c = new char[r.nextInt(100)];
      for (int j = 0; j < c.length; j++) {
        c[j] = (char) (32 + r.nextInt(90));
      }
      junk.add(new String(c));
    }
    Map<String, Double> m = WinsatOutputParser.parse(junk);
    assertThat(m.keySet()).containsExactlyElementsOf(WinsatOutputParser.KEYS);
  }
}
