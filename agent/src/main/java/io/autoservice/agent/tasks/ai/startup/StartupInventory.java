package io.autoservice.agent.tasks.ai.startup;

import io.autoservice.agent.tasks.TaskContext;
import io.autoservice.agent.tasks.ai.ChangeResult;
import io.autoservice.agent.tasks.ai.Listing;
import java.io.IOException;

/**
 * Where startup items come from and how one is switched off. The real one is {@link
 * WindowsStartupInventory}; tests use a fake.
 */
public interface StartupInventory {
  /** The startup items; throws only when none of the places could be read. */
  Listing<StartupItem> list(TaskContext ctx) throws IOException;

  /**
   * Disables one item so that it can be turned back on: never deletes a registry value or a file.
   * The result's facts carry {@code restore}, the exact command (or move) that undoes it.
   */
  ChangeResult disable(StartupItem item, TaskContext ctx);
}
