package io.autoservice.agent.tasks.ai.notifications;

import io.autoservice.agent.tasks.TaskContext;
import io.autoservice.agent.tasks.ai.ChangeResult;
import io.autoservice.agent.tasks.ai.Listing;
import java.io.IOException;

/**
 * Where allowed browser notifications come from and how one is blocked. The real one is {@link
 * BrowserProfilesInventory}; tests also use a fake.
 */
public interface NotificationInventory {
  /** The allowed notifications; throws only when nothing at all could be read. */
  Listing<NotificationPermission> list(TaskContext ctx) throws IOException;

  /**
   * Blocks one site's notifications, keeping a backup of the file it changes ({@code backup}) and
   * saying how to undo it ({@code restore}); skips (with the reason) when the browser is running.
   */
  ChangeResult disable(NotificationPermission permission, TaskContext ctx);
}
