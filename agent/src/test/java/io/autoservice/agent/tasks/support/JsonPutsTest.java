package io.autoservice.agent.tasks.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.common.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonPutsTest {
  @Test
  void shouldWriteNullForEveryUnknownValueAndKeepTheKey() {
    ObjectNode o = Json.object();
    JsonPuts.put(o, "b", (Boolean) null);
    JsonPuts.put(o, "i", (Integer) null);
    JsonPuts.put(o, "l", (Long) null);
    JsonPuts.put(o, "d", (Double) null);
    JsonPuts.put(o, "nan", Double.NaN);
    JsonPuts.put(o, "r", (Double) null, 2);
    JsonPuts.put(o, "s", (String) null);
    JsonPuts.put(o, "j", (com.fasterxml.jackson.databind.JsonNode) null);
    assertThat(Json.compact(o))
        .isEqualTo(
            "{\"b\":null,\"i\":null,\"l\":null,\"d\":null,\"nan\":null,\"r\":null,\"s\":null,\"j\":null}");
  }

  @Test
  void shouldWriteKnownValues() {
    ObjectNode o = Json.object();
    JsonPuts.put(o, "b", true);
    JsonPuts.put(o, "i", 3);
    JsonPuts.put(o, "l", 5_000_000_000L);
    JsonPuts.put(o, "d", 1.25);
    JsonPuts.put(o, "r", 1.23456, 2);
    JsonPuts.put(o, "s", "x");
    JsonPuts.put(o, "j", Json.array().add(1));
    JsonPuts.putStrings(o, "list", List.of("a", "b"));
    JsonPuts.putStrings(o, "none", null);
    assertThat(Json.compact(o))
        .isEqualTo(
            "{\"b\":true,\"i\":3,\"l\":5000000000,\"d\":1.25,\"r\":1.23,\"s\":\"x\",\"j\":[1],"
                + "\"list\":[\"a\",\"b\"],\"none\":[]}");
  }

  @Test
  void shouldMakeAStringArray() {
    assertThat(Json.compact(JsonPuts.strings(List.of("sfc", "/scannow"))))
        .isEqualTo("[\"sfc\",\"/scannow\"]");
    assertThat(Json.compact(JsonPuts.strings(null))).isEqualTo("[]");
  }

  @Test
  void shouldLeaveOutAnUnknownOptionalKey() {
    ObjectNode o = Json.object();
    JsonPuts.putIfKnown(o, "stderr", null);
    JsonPuts.putIfKnown(o, "warning", "w");
    assertThat(Json.compact(o)).isEqualTo("{\"warning\":\"w\"}");
  }
}
