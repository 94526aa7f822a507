package io.autoservice.agent.tasks.ai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoservice.common.json.Json;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecommendationsTest {
  static final Set<String> IDS = Set.of("a", "b", "c");

  @Test
  void shouldKeepOnlyRecommendationsForEnumeratedIds() throws Exception {
    JsonNode answer =
        Json.parse(
            """
        {"analysis_summary": {"potential_boot_time_saving": "5-10 seconds"},
         "to_disable": [{"id": "a", "name": "A", "reason": "game launcher"},
                        {"id": "zz-invented", "name": "Ghost"},
                        {"id": "a", "name": "A again"},
                        "not an object",
                        {"name": "no id"},
                        {"id": "c", "name": "C"}],
         "keep_enabled": [{"id": "b", "name": "B"}, {"id": "c", "name": "C"}, {"id": "nope"}]}
        """);

    Recommendations r = Recommendations.from(answer, IDS);

    assertThat(r.toDisable()).extracting(n -> n.get("id").asText()).containsExactly("a");
    assertThat(r.toDisable().get(0).get("reason").asText()).isEqualTo("game launcher");
    assertThat(r.keepEnabled()).extracting(n -> n.get("id").asText()).containsExactly("b", "c");
    assertThat(r.analysisSummary().get("potential_boot_time_saving").asText())
        .isEqualTo("5-10 seconds");
    assertThat(r.ignored())
        .extracting(n -> n.get("reason").asText())
        .containsExactly("not_found_in_enumeration", "no_id", "no_id", "also_in_keep_enabled");
    assertThat(r.notes())
        .contains(
            "the model recommended \"zz-invented\", which was not enumerated: ignored",
            "\"a\" was recommended twice; counted once",
            "the model listed \"c\" both to disable and to keep: kept enabled",
            "1 keep_enabled id(s) the model invented were ignored");
  }

  @Test
  void shouldTakeMissingOrWrongSectionsAsEmptyWithANote() throws Exception {
    Recommendations r = Recommendations.from(Json.parse("{\"to_disable\": {\"id\": \"a\"}}"), IDS);

    assertThat(r.toDisable()).isEmpty();
    assertThat(r.keepEnabled()).isEmpty();
    assertThat(r.analysisSummary().isEmpty()).isTrue();
    assertThat(r.notes())
        .containsExactly(
            "the model's answer has no keep_enabled list (taken as empty)",
            "the model's to_disable is not a list (ignored)",
            "the model's answer has no analysis_summary");
  }
}
