package io.autoservice.controller.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.autoservice.common.json.Json;
import io.autoservice.common.plan.PlanException;
import io.autoservice.common.plan.PlanParser;
import io.autoservice.controller.model.DeliveryRecord;
import io.autoservice.controller.model.ScheduleRecord;
import io.autoservice.controller.model.WindowRecord;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the schedule tables' rows read and a few columns write. A row that does not read is logged
 * and read as null, for the listing to leave out.
 */
final class ScheduleRowReader {
  private static final Logger log = LoggerFactory.getLogger(ScheduleRowReader.class);
  private static final TypeReference<List<String>> IDS = new TypeReference<>() {};
  private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {};

  private ScheduleRowReader() {}

  static String targetJson(ScheduleRecord.Target t) {
    try {
      return switch (t.kind()) {
        case AGENTS -> Json.mapper().writeValueAsString(t.agentIds());
        case LABELS -> Json.mapper().writeValueAsString(new java.util.TreeMap<>(t.labels()));
        case ALL -> "null";
      };
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a list of strings always writes", e);
    }
  }

  static ScheduleRecord schedule(ResultSet rs) throws SQLException {
    String id = rs.getString("schedule_id");
    try {
      String kind = rs.getString("target_kind");
      String targetJson = rs.getString("target_json");
      ScheduleRecord.Target target =
          switch (kind) {
            case "agents" -> ScheduleRecord.Target.agents(Json.mapper().readValue(targetJson, IDS));
            case "labels" ->
                ScheduleRecord.Target.labels(Json.mapper().readValue(targetJson, LABELS));
            case "all" -> ScheduleRecord.Target.all();
            default -> throw new IllegalArgumentException("target_kind " + kind);
          };
      return new ScheduleRecord(
          id,
          rs.getString("name"),
          PlanParser.parse(rs.getString("plan_json")),
          target,
          rs.getString("cron"),
          rs.getString("time_zone"),
          rs.getString("every"),
          Duration.ofSeconds(rs.getLong("deadline_seconds")),
          Duration.ofSeconds(rs.getLong("catch_up_seconds")),
          Duration.ofSeconds(rs.getLong("jitter_seconds")),
          rs.getInt("force_types") == 1,
          rs.getInt("enabled") == 1,
          rs.getString("created_by"),
          Jdbc.instant(rs, "created_at"),
          Jdbc.instant(rs, "last_occurrence_at"));
    } catch (JsonProcessingException | PlanException | RuntimeException e) {
      log.warn("schedule {}: stored row unreadable, left out: {}", id, e.getMessage());
      return null;
    }
  }

  static DeliveryRecord delivery(ResultSet rs) throws SQLException {
    try {
      return new DeliveryRecord(
          rs.getString("schedule_id"),
          Jdbc.instant(rs, "occurrence_at"),
          rs.getString("agent_id"),
          rs.getString("hostname"),
          Jdbc.instant(rs, "start_at"),
          DeliveryRecord.State.fromWireName(rs.getString("state")),
          rs.getString("run_id"),
          rs.getString("reason"),
          Jdbc.instant(rs, "claimed_at"),
          Jdbc.instant(rs, "updated_at"),
          rs.getInt("ignore_windows") == 1,
          rs.getString("kind"));
    } catch (RuntimeException e) {
      log.warn(
          "schedule {}: a delivery row is unreadable, left out: {}",
          rs.getString("schedule_id"),
          e.getMessage());
      return null;
    }
  }

  static String days(Set<DayOfWeek> days) {
    StringBuilder b = new StringBuilder();
    for (DayOfWeek d : DayOfWeek.values()) {
      if (days.contains(d)) {
        b.append(b.length() == 0 ? "" : ",").append(d.getValue());
      }
    }
    return b.toString();
  }

  static WindowRecord window(ResultSet rs) throws SQLException {
    try {
      Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
      for (String d : rs.getString("days").split(",")) {
        days.add(DayOfWeek.of(Integer.parseInt(d.trim())));
      }
      int from = rs.getInt("from_minute");
      int to = rs.getInt("to_minute");
      return new WindowRecord(
          rs.getString("label_key"),
          rs.getString("label_value"),
          days,
          LocalTime.of(from / 60, from % 60),
          LocalTime.of(to / 60, to % 60),
          ZoneId.of(rs.getString("time_zone")),
          rs.getString("updated_by"),
          Jdbc.instant(rs, "updated_at"));
    } catch (RuntimeException e) {
      log.warn(
          "maintenance window {}={}: stored row unreadable, left out: {}",
          rs.getString("label_key"),
          rs.getString("label_value"),
          e.getMessage());
      return null;
    }
  }
}
