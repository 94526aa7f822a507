package io.autoservice.agent.tasks.ai.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autoservice.agent.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * On a reconstructed Chrome Preferences file
 * (fixtures/tool-outputs/chromium-preferences/README.md).
 */
class ChromiumPreferencesTest {
  private static byte[] chrome() throws Exception {
    return Files.readAllBytes(
        Fixtures.toolOutput("chromium-preferences", "synthetic-chrome-Default-Preferences.json"));
  }

  @Test
  void shouldListTheSitesAllowedToNotify() throws Exception {
    List<ChromiumPreferences.Allowed> allowed = ChromiumPreferences.allowed(chrome());

    assertThat(allowed)
        .extracting(ChromiumPreferences.Allowed::origin)
        .containsExactly(
            "https://www.facebook.com:443,*", "https://calendar.google.com:443,*",
            "https://www.dailydeals-example.com:443,*", "http://localhost:8080,*");
    assertThat(allowed.get(0).lastModified()).isEqualTo("13341234567890123");
  }

  @Test
  void shouldBlockOneSiteAndLeaveEverythingElseAsItWas() throws Exception {
    byte[] before = chrome();
    Instant now = Instant.parse("2026-11-26T12:00:00Z");

    byte[] after = ChromiumPreferences.block(before, "https://www.facebook.com:443,*", now);

    String expected =
        new String(before, StandardCharsets.UTF_8)
            .replace(
                "\"https://www.facebook.com:443,*\":{\"last_modified\":\"13341234567890123\",\"setting\":1}",
                "\"https://www.facebook.com:443,*\":{\"last_modified\":\""
                    + ChromiumPreferences.chromiumTime(now)
                    + "\",\"setting\":2}");
    assertThat(new String(after, StandardCharsets.UTF_8)).isEqualTo(expected);
    assertThat(ChromiumPreferences.chromiumTime(now)).isEqualTo(13_440_168_000_000_000L);
    assertThat(ChromiumPreferences.allowed(after)).hasSize(3);
  }

  @Test
  void shouldRefuseWhatItCannotRead() {
    assertThatThrownBy(
            () -> ChromiumPreferences.allowed("not json".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(java.io.IOException.class);
    assertThatThrownBy(
            () ->
                ChromiumPreferences.block(
                    "[1]".getBytes(StandardCharsets.UTF_8), "x", Instant.now()))
        .hasMessage("not a JSON object");
    assertThatThrownBy(
            () -> ChromiumPreferences.block(chrome(), "https://gone.example:443,*", Instant.now()))
        .hasMessage("the site is no longer in the notification permissions");
  }

  @Test
  void shouldFindNothingInAProfileWithoutExceptions() throws Exception {
    assertThat(
            ChromiumPreferences.allowed(
                "{\"profile\":{\"name\":\"x\"}}".getBytes(StandardCharsets.UTF_8)))
        .isEmpty();
  }
}
