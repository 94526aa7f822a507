package io.autoservice.common.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.common.json.Json;
import org.junit.jupiter.api.Test;

class SafeJsonTest {
  @Test
  void shouldEscapeWhatJacksonLeavesRawAndParseBackToTheSameValue() throws Exception {
    // given JSON Jackson wrote for a value with C0, DEL and C1 controls
    String value = "pc\u001b[2J\u007f\u009b31m Zürich";
    String json = Json.compact(Json.object().put("hostname", value));

    // when made safe
    String safe = SafeJson.text(json);

    // then no control is left and the value is unchanged
    assertThat(SafeText.hasControls(safe)).isFalse();
    assertThat(Json.parse(safe).get("hostname").asText()).isEqualTo(value);
    assertThat(SafeJson.text("{\"a\":\"plain\"}")).isEqualTo("{\"a\":\"plain\"}");
  }
}
