package io.autoservice.agent.tasks.ai.startup;

import io.autoservice.agent.tasks.TaskContext;
import io.autoservice.agent.tasks.ai.ChangeResult;
import io.autoservice.agent.tasks.ai.Listing;
import io.autoservice.common.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Startup items given by the test; records what it was asked to disable. */
final class FakeStartupInventory implements StartupInventory {
  static final String RUN = WindowsStartupInventory.RUN;

  final List<StartupItem> items = new ArrayList<>();
  final List<String> notes = new ArrayList<>();
  final List<String> disabled = new ArrayList<>();
  final Map<String, ChangeResult> outcomes = new HashMap<>();
  IOException failure;

  static StartupItem reg(String name, String command, boolean microsoft) {
    return new StartupItem(
        "reg:HKEY_CURRENT_USER:" + RUN + ":" + name,
        name,
        command,
        "registry",
        "Registry: CURRENT_USER",
        "HKEY_CURRENT_USER",
        RUN,
        null,
        "HKCU\\" + WindowsStartupInventory.APPROVED + "Run",
        null,
        true,
        microsoft,
        RegQueryOutputParser.executable(command, "C:\\Windows"));
  }

  FakeStartupInventory add(StartupItem item) {
    items.add(item);
    return this;
  }

  @Override
  public Listing<StartupItem> list(TaskContext ctx) throws IOException {
    if (failure != null) {
      throw failure;
    }
    return new Listing<>(items, notes);
  }

  @Override
  public ChangeResult disable(StartupItem item, TaskContext ctx) {
    disabled.add(item.id());
    return outcomes.getOrDefault(
        item.id(),
        ChangeResult.disabled(
            Json.object()
                .put("method", "startup_approved")
                .put(
                    "restore",
                    "reg delete \"" + item.approvedKey() + "\" /v \"" + item.name() + "\" /f")));
  }
}
