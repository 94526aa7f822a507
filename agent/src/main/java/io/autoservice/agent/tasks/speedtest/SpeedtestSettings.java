package io.autoservice.agent.tasks.speedtest;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoservice.common.plan.TaskParams;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The validated settings of one {@code speedtest}; see {@link SpeedtestHandler} for the parameters.
 *
 * @param serverIds servers to choose from (empty: any in the list)
 * @param threads parallel connections for the download and the upload
 * @param secure use {@code https} for the default endpoints and the listed servers
 * @param share asked to share a result image (not supported; noted)
 * @param skipDownload do not measure the download
 * @param skipUpload do not measure the upload
 * @param serverListUrl where the server list is
 * @param configUrl where the client configuration is, or null to skip it
 * @param serverUrl one server to use directly (its folder or its {@code upload.php}), or null
 * @param downloadSeconds how long the download is measured
 * @param uploadSeconds how long the upload is measured
 * @param pingSamples latency requests to the chosen server
 * @param requestTimeout limit for one request's answer
 */
public record SpeedtestSettings(
    List<String> serverIds,
    int threads,
    boolean secure,
    boolean share,
    boolean skipDownload,
    boolean skipUpload,
    URI serverListUrl,
    URI configUrl,
    URI serverUrl,
    double downloadSeconds,
    double uploadSeconds,
    int pingSamples,
    Duration requestTimeout) {

  public static final String DEFAULT_SERVER_LIST = "www.speedtest.net/speedtest-servers-static.php";
  public static final String DEFAULT_CONFIG = "www.speedtest.net/speedtest-config.php";
  static final int DEFAULT_THREADS = 4;

  public SpeedtestSettings {
    serverIds = List.copyOf(serverIds);
  }

  /**
   * Reads and checks the parameters (the schema's types and ranges are checked before).
   *
   * @throws IllegalArgumentException with a message for the technician when a value is unusable
   */
  public static SpeedtestSettings from(TaskParams p) {
    List<String> ids = new ArrayList<>();
    p.get("servers")
        .ifPresent(
            v -> {
              if (!v.isArray()) {
                throw new IllegalArgumentException("servers must be a list of server ids");
              }
              v.forEach(item -> ids.add(serverId(item, "servers")));
            });
    if (p.has("server")) {
      ids.add(serverId(p.get("server").orElseThrow(), "server"));
    }
    long t = p.integer("threads").orElse(0L);
    int threads = t <= 0 ? DEFAULT_THREADS : (int) t;
    boolean secure = p.flag("secure");
    String scheme = secure ? "https://" : "http://";
    URI list =
        url(
            "server_list_url",
            p.string("server_list_url").orElse(scheme + DEFAULT_SERVER_LIST),
            false);
    URI config = url("config_url", p.string("config_url").orElse(scheme + DEFAULT_CONFIG), true);
    URI server =
        p.has("server_url") ? url("server_url", p.string("server_url").orElse(""), false) : null;
    boolean skipDownload = p.flag("skip_download");
    boolean skipUpload = p.flag("skip_upload");
    return new SpeedtestSettings(
        ids,
        threads,
        secure,
        p.flag("share"),
        skipDownload,
        skipUpload,
        list,
        config,
        server,
        p.number("download_seconds").orElse(10.0),
        p.number("upload_seconds").orElse(10.0),
        (int) (long) p.integer("ping_samples").orElse(5L),
        Duration.ofMillis((long) (p.number("request_timeout_seconds").orElse(10.0) * 1000)));
  }

  private static String serverId(JsonNode v, String key) {
    String s = v.isNumber() ? v.asText() : v.isTextual() ? v.asText().strip() : "";
    if (!s.matches("\\d{1,12}")) {
      throw new IllegalArgumentException(
          key + ": \"" + v.asText() + "\" is not a server id (a number)");
    }
    return Long.toString(Long.parseLong(s));
  }

  /**
   * An absolute http(s) URL with a host and no credentials; empty is null when {@code optional}.
   */
  static URI url(String key, String text, boolean optional) {
    String s = text.strip();
    if (s.isEmpty() && optional) {
      return null;
    }
    try {
      URI u = new URI(s);
      if (u.getRawUserInfo() != null || s.indexOf('@') >= 0) {
        // never repeat it: it may hold a password
        throw new IllegalArgumentException(
            key + ": a URL with a user name or password is not allowed");
      }
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https"))
          || u.getHost() == null
          || s.length() > 2000) {
        throw new IllegalArgumentException(
            key + ": \"" + s + "\" is not an http(s) URL with a host");
      }
      return u;
    } catch (URISyntaxException e) {
      if (s.indexOf('@') >= 0) {
        throw new IllegalArgumentException(key + ": not a usable URL");
      }
      throw new IllegalArgumentException(
          key + ": \"" + s + "\" is not a URL (" + e.getReason() + ")");
    }
  }
}
