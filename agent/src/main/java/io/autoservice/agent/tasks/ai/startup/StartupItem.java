package io.autoservice.agent.tasks.ai.startup;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.agent.tasks.ai.AiCandidate;
import io.autoservice.common.json.Json;

/**
 * One program Windows starts at sign-in: a value of a {@code Run}/{@code RunOnce} registry key or a
 * file in a Startup folder.
 *
 * <p>Ids as the original: {@code reg:<HIVE>:<key path>:<value name>} (e.g. {@code
 * reg:HKEY_CURRENT_USER:Software\Microsoft\Windows\CurrentVersion\Run:Discord}) and {@code
 * file:<user_startup|common_startup>:<full path>}.
 *
 * @param id the id the model answers with
 * @param name the value name, or the file name without its extension
 * @param command the value's data, or the file's path ({@code Shortcut: <name>} for a {@code .lnk})
 * @param location {@code registry}, {@code user_startup} or {@code common_startup}
 * @param locationDisplay e.g. {@code Registry: CURRENT_USER}, {@code Startup Folder: User Startup}
 * @param hive {@code HKEY_LOCAL_MACHINE} / {@code HKEY_CURRENT_USER} (registry items), else null
 * @param keyPath the key below the hive (registry items), else null
 * @param filePath the file (folder items), else null
 * @param approvedKey the {@code StartupApproved} key that can switch it off ({@code HKCU\…}), or
 *     null where Windows has none ({@code RunOnce})
 * @param approvedData that key's current value for this item (hex), or null if it has none
 * @param enabled false when {@code StartupApproved} already marks it disabled
 * @param microsoft the program lives under {@code %SystemRoot%}: a Windows component, never
 *     disabled
 * @param executablePath the program the command starts, as far as it can be read
 */
public record StartupItem(
    String id,
    String name,
    String command,
    String location,
    String locationDisplay,
    String hive,
    String keyPath,
    String filePath,
    String approvedKey,
    String approvedData,
    boolean enabled,
    boolean microsoft,
    String executablePath)
    implements AiCandidate {

  public boolean registry() {
    return "registry".equals(location);
  }

  @Override
  public String label() {
    return name;
  }

  @Override
  public ObjectNode toJson() {
    ObjectNode n = Json.object();
    n.put("id", id);
    n.put("name", name);
    n.put("command", command);
    n.put("location", location);
    n.put("location_display", locationDisplay);
    if (registry()) {
      n.put("hive", hive);
      n.put("key_path", keyPath);
    } else {
      n.put("folder_path", parent(filePath));
      n.put("file_path", filePath);
    }
    n.put("enabled", enabled);
    n.put("executable_path", executablePath);
    n.put("publisher", microsoft ? "Microsoft" : null);
    n.put("is_microsoft_signed", microsoft);
    n.put("directory", executablePath == null ? null : parent(executablePath));
    return n;
  }

  @Override
  public ObjectNode forModel() {
    ObjectNode n = Json.object();
    n.put("id", id);
    n.put("name", name);
    n.put("command", command);
    n.put("location", locationDisplay);
    n.put("publisher", microsoft ? "Microsoft" : null);
    n.put("is_microsoft_signed", microsoft);
    n.put("directory", executablePath == null ? null : parent(executablePath));
    return n;
  }

  @Override
  public boolean offerToModel() {
    return enabled;
  }

  private static String parent(String path) {
    if (path == null) {
      return null;
    }
    int cut = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
    return cut > 0 ? path.substring(0, cut) : null;
  }
}
