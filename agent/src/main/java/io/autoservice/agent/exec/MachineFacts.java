package io.autoservice.agent.exec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.common.json.Json;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The facts about this machine that go into every report's metadata (the original's keys: hostname,
 * username, os_name, os_version; plus agent_version).
 */
public record MachineFacts(
    String hostname, String username, String osName, String osVersion, String agentVersion) {

  public static MachineFacts current(String agentVersion) {
    return new MachineFacts(
        localHostname(),
        System.getProperty("user.name", ""),
        System.getProperty("os.name", ""),
        System.getProperty("os.version", ""),
        agentVersion);
  }

  /** The report's metadata: these facts, overridden by the plan's own metadata keys. */
  public ObjectNode metadata(ObjectNode planMetadata) {
    ObjectNode m = Json.object();
    m.put("hostname", hostname);
    m.put("username", username);
    m.put("os_name", osName);
    m.put("os_version", osVersion);
    m.put("agent_version", agentVersion);
    planMetadata.fields().forEachRemaining(f -> m.set(f.getKey(), f.getValue().deepCopy()));
    return m;
  }

  private static String localHostname() {
    String env = System.getenv("COMPUTERNAME");
    if (env != null && !env.isBlank()) {
      return env;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      String h = System.getenv("HOSTNAME");
      return h == null ? "unknown" : h;
    }
  }
}
