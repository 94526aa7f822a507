package io.autoservice.agent.tasks.speedtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.agent.testing.RecordedOutputs;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * On every speedtest.net document of {@code fixtures/tool-outputs/speedtest/}, what is read is
 * coherent.
 */
class SpeedtestConsistencyTest {
  static List<Path> outputs() {
    return RecordedOutputs.files("speedtest");
  }

  @ParameterizedTest
  @MethodSource("outputs")
  void serversAndClientAreCoherent(Path file) {
    String text = RecordedOutputs.text(file);
    List<SpeedtestServer> servers = SpeedtestOutputParser.servers(text);
    Set<String> urls = new HashSet<>();
    for (SpeedtestServer s : servers) {
      assertThat(s.url()).matches("(?i)https?://.+");
      assertThat(urls.add(s.url() + "|" + s.id())).as("a server listed twice: " + s.url()).isTrue();
      coordinates(s.lat(), s.lon());
    }
    SpeedtestOutputParser.client(text).ifPresent(c -> coordinates(c.lat(), c.lon()));
    if (!text.contains("<server")) {
      assertThat(servers).isEmpty();
    }
    if (!text.contains("<client")) {
      assertThat(SpeedtestOutputParser.client(text)).isEmpty();
    }
  }

  private static void coordinates(Double lat, Double lon) {
    if (lat != null) {
      assertThat(lat).isBetween(-90.0, 90.0);
    }
    if (lon != null) {
      assertThat(lon).isBetween(-180.0, 180.0);
    }
  }
}
