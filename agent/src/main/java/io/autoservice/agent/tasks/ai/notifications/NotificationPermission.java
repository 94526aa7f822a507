package io.autoservice.agent.tasks.ai.notifications;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.agent.tasks.ai.AiCandidate;
import io.autoservice.common.json.Json;
import java.nio.file.Path;

/**
 * One site a browser profile allows to show notifications.
 *
 * <p>Ids as the original: {@code chromium:<browser>:<profile>:<origin>} and {@code
 * firefox:<profile>:<origin>}.
 *
 * @param id the id the model answers with
 * @param browser e.g. {@code Google Chrome}, {@code Mozilla Firefox}
 * @param profile the profile folder's name ({@code Default}, {@code Profile 1}, {@code
 *     abcd.default-release})
 * @param origin the site as the browser stores it ({@code https://www.example.com:443,*}, {@code
 *     https://example.com})
 * @param firefox a Firefox {@code permissions.sqlite} row rather than a Chromium {@code
 *     Preferences} entry
 * @param file the {@code Preferences} file or the {@code permissions.sqlite} database
 * @param lockDir the folder whose lock files show the browser is running (Chromium: the user-data
 *     folder; Firefox: the profile)
 * @param lastModified Chromium's {@code last_modified} text, or null
 */
public record NotificationPermission(
    String id,
    String browser,
    String profile,
    String origin,
    boolean firefox,
    Path file,
    Path lockDir,
    String lastModified)
    implements AiCandidate {

  static NotificationPermission chromium(
      String browser,
      String profile,
      String origin,
      Path prefs,
      Path lockDir,
      String lastModified) {
    return new NotificationPermission(
        "chromium:" + browser + ":" + profile + ":" + origin,
        browser,
        profile,
        origin,
        false,
        prefs,
        lockDir,
        lastModified);
  }

  static NotificationPermission firefox(String profile, String origin, Path db) {
    return new NotificationPermission(
        "firefox:" + profile + ":" + origin,
        "Mozilla Firefox",
        profile,
        origin,
        true,
        db,
        db.getParent(),
        null);
  }

  @Override
  public String label() {
    return origin;
  }

  @Override
  public ObjectNode toJson() {
    ObjectNode n = Json.object();
    n.put("id", id);
    n.put("browser", browser);
    n.put("profile", profile);
    n.put("origin", origin);
    n.put("type", "notification");
    n.put("permission", "allowed");
    if (firefox) {
      n.put("db_file", file.toString());
    } else {
      n.put("last_modified", lastModified);
      n.put("prefs_file", file.toString());
    }
    return n;
  }

  @Override
  public ObjectNode forModel() {
    ObjectNode n = Json.object();
    n.put("id", id);
    n.put("browser", browser);
    n.put("profile", profile);
    n.put("origin", origin);
    return n;
  }
}
