package io.autoservice.controller.history;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code battery_health_report}: full-charge capacity (Wh), capacity (% of design) and wear (%).
 * The subject is {@code battery}, or {@code battery N} for a second battery ({@code
 * battery_index}).
 */
final class BatteryFigures implements TaskFigures {
  @Override
  public String taskType() {
    return "battery_health_report";
  }

  @Override
  public void read(Task task, Figures out) {
    JsonNode r = task.results();
    Double index = Read.number(r.path("battery_index"));
    String subject =
        index == null || index <= 0 || index > 16 ? "battery" : "battery " + index.intValue();
    out.add("battery.full_charge_wh", subject, Read.number(r.path("energy_full_wh")), 0, 10_000);
    out.add("battery.capacity_percent", subject, Read.number(r.path("capacity_percent")), 0, 200);
    out.add(
        "battery.wear_percent",
        subject,
        Read.number(r.path("wear_level_percent")),
        0,
        100,
        Read.text(r.path("health_verdict")));
  }
}
