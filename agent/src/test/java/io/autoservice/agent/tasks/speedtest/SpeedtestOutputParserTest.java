package io.autoservice.agent.tasks.speedtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.autoservice.agent.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpeedtestOutputParserTest {

  private static String fixture(String name) throws Exception {
    return Files.readString(Fixtures.toolOutput("speedtest", name), StandardCharsets.UTF_8);
  }

  @Test
  void shouldReadEveryServerOfAQuotedServerList() throws Exception {
    List<SpeedtestServer> servers =
        SpeedtestOutputParser.servers(
            fixture("quoted-servers-static-hu-10-anonymised-simple-speedtest-client.xml"));

    assertThat(servers).hasSize(10);
    SpeedtestServer first = servers.get(0);
    assertThat(first.id()).isEqualTo("9720");
    assertThat(first.url()).isEqualTo("http://gyor-speedtest.zt.hu:8080/speedtest/upload.php");
    assertThat(first.baseUrl()).isEqualTo("http://gyor-speedtest.zt.hu:8080/speedtest/");
    assertThat(first.host()).isEqualTo("gyor-speedtest.zt.hu:8080");
    assertThat(first.name()).isEqualTo("a city");
    assertThat(first.sponsor()).isEqualTo("a sponsor");
    assertThat(first.country()).isEqualTo("Hungary");
    assertThat(first.cc()).isEqualTo("HU");
    assertThat(first.lat()).isEqualTo(47.6875);
    assertThat(first.lon()).isEqualTo(17.6504);
    assertThat(servers.get(9).id()).isEqualTo("9742");
    assertThat(first.secure().url())
        .isEqualTo("https://gyor-speedtest.zt.hu:8080/speedtest/upload.php");
  }

  @Test
  void shouldReadTheClientOfAQuotedConfiguration() throws Exception {
    ClientInfo c =
        SpeedtestOutputParser.client(fixture("quoted-config-client-at-simple-speedtest-client.xml"))
            .orElseThrow();

    assertThat(c.ip()).isEqualTo("37.19.195.144");
    assertThat(c.isp()).isEqualTo("Datacamp Limited");
    assertThat(c.country()).isEqualTo("AT");
    assertThat(c.lat()).isEqualTo(48.1936);
    assertThat(c.lon()).isEqualTo(16.3726);
  }

  @Test
  void shouldMeasureDistancesFromTheClient() throws Exception {
    List<SpeedtestServer> servers =
        SpeedtestOutputParser.servers(
            fixture("quoted-servers-static-hu-10-anonymised-simple-speedtest-client.xml"));

    // Vienna to Győr is about 110 km, to Pécs about 275 km
    assertThat(servers.get(0).distanceKm(48.1936, 16.3726)).isCloseTo(110.0, within(10.0));
    assertThat(servers.get(9).distanceKm(48.1936, 16.3726)).isCloseTo(275.0, within(10.0));
    assertThat(servers.get(0).distanceKm(null, 16.0)).isNull();
  }

  @Test
  void shouldCopeWithQuotesEntitiesAndBrokenEntries() throws Exception {
    List<SpeedtestServer> servers =
        SpeedtestOutputParser.servers(fixture("synthetic-servers-entities-quotes-order.xml"));

    assertThat(servers).extracting(SpeedtestServer::id).containsExactly("101", "104");
    assertThat(servers.get(0).sponsor()).isEqualTo("Smith & Sons \u2013 Fibre");
    assertThat(servers.get(0).name()).isEqualTo("G\u00f6teborg");
    assertThat(servers.get(0).lat()).isEqualTo(57.7089);
    assertThat(servers.get(1).lat()).isNull();
    assertThat(servers.get(1).lon()).isNull();
    assertThat(servers.get(1).baseUrl()).isEqualTo("https://tls.example.org/speedtest/");
  }

  @Test
  void shouldFindNoServersInACaptivePortalPage() throws Exception {
    String html = fixture("synthetic-captive-portal-html.html");

    assertThat(SpeedtestOutputParser.servers(html)).isEmpty();
    assertThat(SpeedtestOutputParser.client(html)).isEmpty();
  }

  @Test
  void shouldReadLatencyAndUploadAnswers() {
    assertThat(SpeedtestOutputParser.isLatencyAnswer("test=test\n")).isTrue();
    assertThat(SpeedtestOutputParser.isLatencyAnswer("<html>")).isFalse();
    assertThat(SpeedtestOutputParser.isLatencyAnswer(null)).isFalse();
    assertThat(SpeedtestOutputParser.uploadedBytes("size=32768")).contains(32768L);
    assertThat(SpeedtestOutputParser.uploadedBytes("nope")).isEmpty();
  }

  @Test
  void shouldNeverThrow() {
    for (String s :
        new String[] {
          null,
          "",
          "<server",
          "<server url=\"",
          "<server url=\"http://x\" lat=\"1e999\"/>",
          "<client ip=\"&#99999999;\"/>",
          "<".repeat(100_000),
          "<server a='&#;'/>"
        }) {
      assertThat(SpeedtestOutputParser.servers(s)).isNotNull();
      assertThat(SpeedtestOutputParser.client(s)).isNotNull();
    }
    assertThat(
            SpeedtestOutputParser.servers("<server url=\"http://x\" lat=\"1e999\"/>").get(0).lat())
        .isNull();
  }

  @Test
  void shouldReadCoordinatesWrittenWithADecimalComma() {
    List<SpeedtestServer> s =
        SpeedtestOutputParser.servers(
            "<servers><server url=\"http://a.example/speedtest/upload.php\" lat=\"47,4925\" lon=\"-19,0514\" id=\"1\"/></servers>");
    assertThat(s).hasSize(1);
    assertThat(s.get(0).lat()).isEqualTo(47.4925);
    assertThat(s.get(0).lon()).isEqualTo(-19.0514);
  }
}
