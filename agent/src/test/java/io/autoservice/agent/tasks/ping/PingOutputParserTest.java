package io.autoservice.agent.tasks.ping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.autoservice.agent.testing.Fixtures;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PingOutputParserTest {

  private static PingOutput parse(String fixture) {
    return PingOutputParser.parse(Fixtures.lines("ping", fixture));
  }

  private static void assertCounts(PingOutput p, int sent, int received, int lost, double loss) {
    assertThat(p.sent()).as("sent").isEqualTo(sent);
    assertThat(p.received()).as("received").isEqualTo(received);
    assertThat(p.lost()).as("lost").isEqualTo(lost);
    assertThat(p.lossPercent()).as("loss %").isEqualTo(loss);
  }

  private static void assertRtt(PingOutput p, double min, double avg, double max, Double mdev) {
    assertThat(p.rttFound()).isTrue();
    assertThat(p.rttMin()).as("min").isEqualTo(min);
    assertThat(p.rttAvg()).as("avg").isEqualTo(avg);
    assertThat(p.rttMax()).as("max").isEqualTo(max);
    assertThat(p.rttMdev()).as("mdev").isEqualTo(mdev);
  }

  // ---- one test per recorded file ---------------------------------------------------------

  @Test
  void shouldReadBusyboxWithDuplicatesAndLoss() {
    PingOutput p = parse("linux-busybox-alpine-dup-loss-pingparsing.txt");
    assertThat(p.summaryFound()).isTrue();
    assertCounts(p, 10, 9, 1, 10.0);
    assertThat(p.duplicates()).isEqualTo(2);
    assertThat(p.duplicateReplies()).isEqualTo(2);
    assertThat(p.errors()).isNull();
    assertThat(p.replies())
        .containsExactly(0.936, 0.802, 0.696, 0.664, 1.194, 0.613, 0.898, 1.066, 1.144);
    assertRtt(p, 0.613, 0.930, 1.219, null); // busybox prints no mdev
  }

  @Test
  void shouldReadIputilsUnreachableWithErrorsAndPipe() {
    PingOutput p = parse("linux-iputils-D-O-unreachable-errors-pipe-pingparsing.txt");
    assertCounts(p, 5, 0, 5, 100.0);
    assertThat(p.errors()).isEqualTo(5);
    assertThat(p.duplicates()).isNull();
    assertThat(p.replies()).isEmpty();
    assertThat(p.rttFound()).isFalse();
    assertThat(p.problemLines()).hasSize(9); // 4 "no answer yet" + 5 "Destination Host Unreachable"
    assertThat(p.problemLines().get(8)).endsWith("icmp_seq=5 Destination Host Unreachable");
  }

  @Test
  void shouldReadBroadcastWithNineteenDuplicates() {
    PingOutput p = parse("linux-iputils-centos7-broadcast-dup-jc.txt");
    assertCounts(p, 2, 2, 0, 0.0);
    assertThat(p.duplicates()).isEqualTo(19);
    assertThat(p.duplicateReplies()).isEqualTo(19);
    assertThat(p.replies()).containsExactly(0.586, 0.861);
    assertRtt(p, 0.586, 504.260, 1276.448, 417.208); // ", pipe 2" after the unit is ignored
  }

  @Test
  void shouldReadInterruptedRunWith93PercentLoss() {
    PingOutput p = parse("linux-iputils-ctrl-c-93pct-loss-blanklines-lost.txt");
    assertThat(p.summaryFound()).isTrue();
    assertCounts(p, 223, 14, 209, 93.0);
    assertThat(p.replies()).hasSize(14);
    assertThat(p.replies().get(0)).isEqualTo(9.73);
    assertThat(p.replies().get(13)).isEqualTo(4.05);
    assertRtt(p, 1.688, 16.359, 92.785, 22.485);
  }

  @Test
  void shouldReadUbuntu1604Success() {
    PingOutput p = parse("linux-iputils-ubuntu1604-c5-success-pingparsing.txt");
    assertCounts(p, 5, 5, 0, 0.0);
    assertThat(p.replies()).containsExactly(68.5, 67.7, 65.6, 65.6, 64.9);
    assertRtt(p, 64.912, 66.494, 68.524, 1.430);
    assertThat(p.problemLines()).isEmpty();
    assertThat(p.duplicateReplies()).isZero();
  }

  @Test
  void shouldReadTwentyRepliesWithHostnameInReplyLines() {
    PingOutput p = parse("linux-iputils-ubuntu1804-hostname-O-20pkts-jc.txt");
    assertCounts(p, 20, 20, 0, 0.0);
    assertThat(p.replies()).hasSize(20);
    assertThat(p.replies().get(0)).isEqualTo(26.3);
    assertThat(p.replies().get(19)).isEqualTo(27.1);
    assertRtt(p, 24.330, 30.420, 35.259, 3.840);
  }

  @Test
  void shouldReadDestinationUnreachableFromGateway() {
    PingOutput p = parse("linux-iputils-ubuntu2204-dest-unreachable-jc.txt");
    assertCounts(p, 3, 0, 3, 100.0);
    assertThat(p.errors()).isEqualTo(3);
    assertThat(p.replies()).isEmpty();
    assertThat(p.rttFound()).isFalse();
    assertThat(p.problemLines()).hasSize(3);
  }

  @Test
  void shouldReadGermanGeneralFailureWithPercentOnTheNextLine() {
    PingOutput p =
        parse("windows-de-host-not-found-and-general-failure-mixed-encoding-blanklines-lost.txt");
    assertCounts(p, 1, 0, 1, 100.0); // "(100% Verlust)," is a line of its own
    assertThat(p.replies()).isEmpty();
    assertThat(p.rttFound()).isFalse();
    assertThat(p.problemLines())
        .containsExactly("PING: Fehler bei der Üertragung. Allgemeiner Fehler.");
  }

  @Test
  void shouldCountGermanZeitLessThanOneMsAsHalfAMillisecond() {
    PingOutput p = parse("windows-de-success-4-replies-zeit-lt-1ms-blanklines-lost.txt");
    assertCounts(p, 4, 4, 0, 0.0);
    assertThat(p.replies()).containsExactly(0.5, 0.5, 0.5, 0.5);
    assertRtt(p, 0, 0, 0, null); // "Minimum = 0ms, Maximum = 0ms, Mittelwert = 0ms"
  }

  @Test
  void shouldReadAllRequestsTimedOut() {
    PingOutput p = parse("windows-en-all-request-timed-out-pingparsing.txt");
    assertCounts(p, 4, 0, 4, 100.0);
    assertThat(p.replies()).isEmpty();
    assertThat(p.rttFound()).isFalse();
    assertThat(p.problemLines()).containsOnly("Request timed out.").hasSize(4);
  }

  @Test
  void shouldReadPowershellTranscript() {
    PingOutput p = parse("windows-en-powershell-success.txt");
    assertCounts(p, 4, 4, 0, 0.0);
    assertThat(p.replies()).containsExactly(112.0, 124.0, 34.0, 48.0);
    assertRtt(p, 34, 79, 124, null);
  }

  @Test
  void shouldReadIndentedEnglishStatistics() {
    PingOutput p = parse("windows-en-success-4-replies-ttl57.txt");
    assertCounts(p, 4, 4, 0, 0.0);
    assertThat(p.replies()).containsExactly(37.0, 38.0, 37.0, 37.0);
    assertRtt(p, 37, 37, 38, null);
  }

  @Test
  void shouldReadOneTimeoutAndTimeLessThanOneMsAndCutPercent() {
    PingOutput p = parse("windows-en-win10-n10-one-timeout-pingparsing.txt");
    assertCounts(p, 10, 9, 1, 10.0); // the stats line is cut at "(10% los"
    assertThat(p.replies()).containsExactly(16.0, 6.0, 12.0, 16.0, 8.0, 33.0, 13.0, 23.0, 0.5);
    assertRtt(p, 0, 14, 33, null);
    assertThat(p.problemLines()).containsExactly("Request timed out.");
  }

  @Test
  void shouldReadWindows7TenReplies() {
    PingOutput p = parse("windows-en-win7sp1-n10-success-pingparsing.txt");
    assertCounts(p, 10, 10, 0, 0.0);
    assertThat(p.replies())
        .containsExactly(87.0, 97.0, 56.0, 95.0, 194.0, 98.0, 93.0, 96.0, 96.0, 165.0);
    assertRtt(p, 56, 107, 194, null);
  }

  @Test
  void shouldReadRussianTranscriptWithTwoRunsAndACutThird() {
    PingOutput p = parse("windows-ru-success-two-hosts-partial.txt");
    // Replies accumulate over the pasted session; the last statistics block wins.
    assertThat(p.replies()).containsExactly(52.0, 51.0, 51.0, 51.0, 51.0, 53.0, 50.0, 50.0);
    assertCounts(p, 4, 4, 0, 0.0);
    assertRtt(
        p, 50, 51, 53, null); // "Минимальное = 50мсек, Максимальное = 53 мсек, Среднее = 51 мсек"
  }

  @Test
  void shouldReadJapaneseStatisticsSeparatedByIdeographicCommas() {
    // "パケット数: 送信 = 4、受信 = 4、損失 = 0 (0% の損失)、": the counts are split by "、", not ","
    PingOutput p = parse("windows-ja-win11-26100-success-lt-1ms-notes.txt");
    assertThat(p.summaryFound()).isTrue();
    assertCounts(p, 4, 4, 0, 0.0);
    assertRtt(p, 0.0, 0.0, 1.0, null);
    assertThat(p.replies()).containsExactly(1.0, 1.0, 0.5, 1.0);
  }

  @Test
  void shouldReadChineseStatisticsSeparatedByFullwidthCommas() {
    PingOutput ok = parse("windows-zh-cn-success-4-replies-notes.txt");
    assertThat(ok.summaryFound()).isTrue();
    assertCounts(ok, 4, 4, 0, 0.0);
    assertRtt(ok, 5.0, 5.0, 7.0, null);
    PingOutput lost = parse("windows-zh-cn-all-timed-out-notes.txt");
    assertThat(lost.summaryFound()).isTrue();
    assertCounts(lost, 4, 0, 4, 100.0);
    assertThat(lost.rttFound()).isFalse();
  }

  @Test
  void shouldParseEveryRecordedFile() throws Exception {
    try (Stream<java.nio.file.Path> files =
        Files.list(Fixtures.root().resolve("tool-outputs/ping"))) {
      List<String> names =
          files
              .map(f -> f.getFileName().toString())
              .filter(n -> n.endsWith(".txt") && !n.contains(".oem"))
              .sorted()
              .toList();
      assertThat(names).hasSize(18);
      for (String n : names) {
        PingOutput p = parse(n);
        assertThat(p.summaryFound()).as(n).isTrue();
        assertThat(p.countsKnown()).as(n).isTrue();
      }
    }
  }

  // ---- OEM-encoded variants: decoded with the right code page they parse the same -------------

  @Test
  void shouldParseOemEncodedVariantsLikeTheUtf8Originals() throws Exception {
    String[][] pairs = {
      {"windows-de-success-4-replies-zeit-lt-1ms-blanklines-lost", "850"},
      {"windows-de-host-not-found-and-general-failure-mixed-encoding-blanklines-lost", "850"},
      {"windows-ru-success-two-hosts-partial", "866"},
    };
    for (String[] pair : pairs) {
      byte[] bytes =
          Files.readAllBytes(Fixtures.toolOutput("ping", pair[0] + ".oem" + pair[1] + ".txt"));
      String text = new String(bytes, Charset.forName("IBM" + pair[1]));
      assertThat(text).contains("\r\n");
      List<String> lines = Arrays.asList(text.split("\r\n", -1));
      assertThat(lines).isEqualTo(withTrailingEmpty(Fixtures.lines("ping", pair[0] + ".txt")));
      assertThat(PingOutputParser.parse(lines)).isEqualTo(parse(pair[0] + ".txt"));
    }
  }

  private static List<String> withTrailingEmpty(List<String> lines) {
    List<String> l = new ArrayList<>(lines);
    l.add(""); // the files end with a line terminator
    return l;
  }

  @Test
  void shouldStillFindNumbersWhenOemBytesAreReadAsUtf8() throws Exception {
    // What the original runner did: OEM bytes decoded as UTF-8 with replacement characters.
    byte[] bytes =
        Files.readAllBytes(
            Fixtures.toolOutput("ping", "windows-ru-success-two-hosts-partial.oem866.txt"));
    String garbled = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    assertThat(garbled).contains("\uFFFD");
    PingOutput p = PingOutputParser.parse(Arrays.asList(garbled.split("\r\n")));
    // "время=52мс" becomes "\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD=52\uFFFD\uFFFD": the unit is lost, so
    // replies are not recognised, but the statistics (digits, '=', ',' and '%') still are.
    assertCounts(p, 4, 4, 0, 0.0);
  }

  // ---- hand-made cases ------------------------------------------------------------------------

  @Test
  void shouldReadFractionalLoss() {
    PingOutput p =
        PingOutputParser.parse(
            List.of(
                "PING 10.0.0.1 (10.0.0.1) 56(84) bytes of data.",
                "64 bytes from 10.0.0.1: icmp_seq=1 ttl=64 time=1.00 ms",
                "64 bytes from 10.0.0.1: icmp_seq=3 ttl=64 time=3.00 ms",
                "",
                "--- 10.0.0.1 ping statistics ---",
                "3 packets transmitted, 2 received, 33.3333% packet loss, time 2003ms",
                "rtt min/avg/max/mdev = 1.000/2.000/3.000/1.000 ms"));
    assertThat(p.lossPercent()).isEqualTo(33.3333);
    assertThat(p.lost()).isEqualTo(1);
    assertRtt(p, 1, 2, 3, 1.0);
  }

  @Test
  void shouldDeriveCountsWhenInterruptedBeforeTheSummary() {
    List<String> all =
        Fixtures.lines("ping", "linux-iputils-ctrl-c-93pct-loss-blanklines-lost.txt");
    List<String> cut = all.subList(0, all.indexOf("^C") + 1);
    PingOutput p = PingOutputParser.parse(cut);
    assertThat(p.summaryFound()).isFalse();
    assertThat(p.rttFound()).isFalse();
    assertThat(p.replies()).hasSize(14);
    // iputils numbers from 1: the highest icmp_seq seen is the least number sent
    assertThat(p.sent()).isEqualTo(197);
    assertThat(p.received()).isEqualTo(14);
    assertThat(p.lost()).isEqualTo(183);
    assertThat(p.lossPercent()).isCloseTo(100.0 * 183 / 197, within(1e-9));
  }

  @Test
  void shouldDeriveBusyboxCountsFromSeqCountedFromZero() {
    List<String> all = Fixtures.lines("ping", "linux-busybox-alpine-dup-loss-pingparsing.txt");
    PingOutput p = PingOutputParser.parse(all.subList(0, 12));
    assertThat(p.summaryFound()).isFalse();
    assertThat(p.sent()).isEqualTo(10); // seq 0..9
    assertThat(p.received()).isEqualTo(9);
    assertThat(p.lossPercent()).isEqualTo(10.0);
  }

  @Test
  void shouldDeriveWindowsCountsFromRepliesAndTimeouts() {
    List<String> all = Fixtures.lines("ping", "windows-en-win10-n10-one-timeout-pingparsing.txt");
    PingOutput p = PingOutputParser.parse(all.subList(0, 11)); // cut before the statistics
    assertThat(p.summaryFound()).isFalse();
    assertCounts(p, 10, 9, 1, 10.0);
  }

  @Test
  void shouldLeaveCountsUnknownForUnknownHost() {
    for (List<String> out :
        List.of(
            List.of("ping: unknown host nosuch.invalid"),
            List.of("ping: nosuch.invalid: Name or service not known"),
            List.of(
                "Ping request could not find host nosuch.invalid. Please check the name and try again."),
            List.<String>of())) {
      PingOutput p = PingOutputParser.parse(out);
      assertThat(p.summaryFound()).isFalse();
      assertThat(p.sent()).isNull();
      assertThat(p.received()).isNull();
      assertThat(p.lossPercent()).isNull();
      assertThat(p.countsKnown()).isFalse();
      assertThat(p.replies()).isEmpty();
    }
  }

  @Test
  void shouldReadFrenchWithGarbledAccentsAndSpaceBeforeUnit() {
    // French Windows as the original runner saw it: CP850 read as UTF-8, so "é" and the NBSP
    // before ":" are U+FFFD.
    String r = "\uFFFD";
    PingOutput p =
        PingOutputParser.parse(
            List.of(
                "Envoi d"
                    + r
                    + "une requ"
                    + r
                    + "te 'Ping'  8.8.8.8 avec 32 octets de donn"
                    + r
                    + "es"
                    + r
                    + ":",
                "R" + r + "ponse de 8.8.8.8" + r + ": octets=32 temps=12 ms TTL=117",
                "R" + r + "ponse de 8.8.8.8" + r + ": octets=32 temps<1ms TTL=117",
                "D" + r + "lai d'attente de la demande d" + r + "pass" + r + ".",
                "R" + r + "ponse de 8.8.8.8" + r + ": octets=32 temps=14 ms TTL=117",
                "",
                "Statistiques Ping pour 8.8.8.8:",
                "    Paquets"
                    + r
                    + ": envoy"
                    + r
                    + "s = 4, re"
                    + r
                    + "us = 3, perdus = 1 (perte 25%),",
                "Dur" + r + "e approximative des boucles en millisecondes :",
                "    Minimum = 0ms, Maximum = 14ms, Moyenne = 8ms"));
    assertThat(p.replies()).containsExactly(12.0, 0.5, 14.0);
    assertCounts(p, 4, 3, 1, 25.0);
    assertRtt(p, 0, 8, 14, null);
    assertThat(p.problemLines()).hasSize(1);
  }

  @Test
  void shouldReadOtherWindowsLanguagesByStructure() {
    PingOutput p =
        PingOutputParser.parse(
            List.of(
                "8.8.8.8 からの応答: バイト数 =32 時間 =12ms TTL=117", // ja: space before '='
                "来自 8.8.8.8 的回复: 字节=32 时间<1ms TTL=117", // zh
                "Reply from ::1: time<1ms", // IPv6: no bytes, no TTL
                "8.8.8.8 için Ping istatistiği:",
                "    Paketler: Giden = 3, Gelen = 3, Kaybolan = 0 (%0 kayıp),", // tr: "%0"
                "    En Az = 0ms, En Çok = 12ms, Ortalama = 4ms"));
    assertThat(p.replies()).containsExactly(12.0, 0.5, 0.5);
    assertCounts(p, 3, 3, 0, 0.0);
    assertRtt(p, 0, 4, 12, null);
  }

  @Test
  void shouldReadMacosStatistics() {
    PingOutput p =
        PingOutputParser.parse(
            List.of(
                "64 bytes from 127.0.0.1: icmp_seq=0 ttl=64 time=0.045 ms",
                "--- 127.0.0.1 ping statistics ---",
                "1 packets transmitted, 1 packets received, 0.0% packet loss",
                "round-trip min/avg/max/stddev = 0.045/0.045/0.045/0.000 ms"));
    assertCounts(p, 1, 1, 0, 0.0);
    assertRtt(p, 0.045, 0.045, 0.045, 0.0);
  }

  @Test
  void shouldRecogniseReplyLinesOneByOne() {
    assertThat(PingOutputParser.reply("Reply from 1.2.3.4: bytes=32 time=37ms TTL=57"))
        .contains(new PingOutputParser.Reply(37, false, false));
    assertThat(PingOutputParser.reply("Antwort von 10.0.0.209: Bytes=32 Zeit<1ms TTL=126"))
        .contains(new PingOutputParser.Reply(0.5, true, false));
    assertThat(PingOutputParser.reply("Ответ от 172.19.1.10: число байт=32 время=52мс TTL=126"))
        .contains(new PingOutputParser.Reply(52, false, false));
    assertThat(PingOutputParser.reply("64 bytes from 1.2.3.4: seq=0 ttl=64 time=1.003 ms (DUP!)"))
        .contains(new PingOutputParser.Reply(1.003, false, true));
    assertThat(PingOutputParser.reply("    Minimum = 37ms, Maximum = 38ms, Average = 37ms"))
        .isEmpty();
    assertThat(PingOutputParser.reply("Minimum=37ms, Maximum=38ms, Average=37ms")).isEmpty();
    assertThat(
            PingOutputParser.reply(
                "Минимальное = 51мсек, Максимальное = 52 мсек, Среднее = 51 мсек"))
        .isEmpty();
    assertThat(PingOutputParser.reply("rtt min/avg/max/mdev = 64.912/66.494/68.524/1.430 ms"))
        .isEmpty();
    assertThat(
            PingOutputParser.reply(
                "5 packets transmitted, 5 received, 0% packet loss, time 4003ms"))
        .isEmpty();
    assertThat(PingOutputParser.reply("Request timed out.")).isEmpty();
    assertThat(PingOutputParser.reply(null)).isEmpty();
  }

  @Test
  void shouldNeverThrow() {
    assertThat(PingOutputParser.parse(null).replies()).isEmpty();
    List<String> odd = new ArrayList<>();
    odd.add(null);
    odd.add(
        "99999999999999999999 packets transmitted, 99999999999999999999 received, 1e999% packet loss");
    odd.add("time=99999999999999999999ms");
    odd.add("Sent = 4, Received = 4, Lost = 0");
    odd.add("(");
    odd.add("=".repeat(100_000) + "1ms");
    odd.add("x=1ms, ".repeat(10_000));
    odd.add("\u0000\uFFFD\uD800");
    PingOutputParser.parse(odd);
    Random rnd = new Random(42);
    List<String> sources = new ArrayList<>();
    try (Stream<java.nio.file.Path> files =
        Files.list(Fixtures.root().resolve("tool-outputs/ping"))) {
      files.forEach(
          f ->
              sources.addAll(
                  Fixtures.lines(
                      "ping",
                      f.getFileName().toString().contains(".oem")
                          ? "windows-en-powershell-success.txt"
                          : f.getFileName().toString())));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    for (int i = 0; i < 2_000; i++) {
      List<String> sample = new ArrayList<>();
      for (int j = 0; j < 8; j++) {
        String s = sources.get(rnd.nextInt(sources.size()));
        int a = rnd.nextInt(s.length() + 1);
        int b = a + rnd.nextInt(s.length() - a + 1);
        sample.add(
            rnd.nextBoolean() ? s.substring(a, b) : s.substring(0, a) + "=<%/" + s.substring(b));
      }
      Collections.shuffle(sample, rnd);
      PingOutput p = PingOutputParser.parse(sample);
      assertThat(p).isNotNull();
      sample.forEach(PingOutputParser::reply);
    }
  }
}
