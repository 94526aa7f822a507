package io.autoservice.agent.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The config's {@code secrets}: each named secret with its source and the servers it may be sent
 * to. A plan can only name a secret; whether it may go to the plan's server is decided here.
 *
 * <pre>
 * "secrets": {
 *   "openai_api_key": "sk-…",
 *   "shop_llm": {"env": "SHOP_LLM_KEY", "base_urls": ["https://llm.shop.lan", "http://127.0.0.1:11434"]},
 *   "groq": {"file": "/etc/autoservice/groq.key", "base_urls": ["https://api.groq.com"]}
 * }
 * </pre>
 *
 * <p>A plain string is a value bound to {@value #DEFAULT_BASE_URL} only. An object has exactly one
 * of {@code value}, {@code env}, {@code file} and a non-empty {@code base_urls}; only scheme, host
 * and port of each count, and plain {@code http} is accepted only for this PC (localhost,
 * 127.x.x.x, [::1]). Besides these, the agent's environment variables {@link #BUILT_IN_ENV} are
 * bound to {@value #DEFAULT_BASE_URL}, so an agent with just {@code OPENAI_API_KEY} set works.
 */
public final class AgentSecrets {
  public static final String DEFAULT_BASE_URL = "https://api.openai.com";
  public static final List<String> BUILT_IN_ENV =
      List.of("AUTOSERVICE_OPENAI_KEY", "OPENAI_API_KEY");
  static final SecretOrigin DEFAULT_ORIGIN =
      SecretOrigin.of(URI.create(DEFAULT_BASE_URL)).orElseThrow();

  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

  private final Map<String, ConfiguredSecret> byName;
  private final List<ConfiguredSecret> builtIn;

  private AgentSecrets(Map<String, ConfiguredSecret> byName) {
    this.byName = Map.copyOf(byName);
    List<ConfiguredSecret> env = new ArrayList<>();
    for (String var : BUILT_IN_ENV) {
      env.add(
          new ConfiguredSecret(
              "env:" + var, new ConfiguredSecret.Source.Env(var), List.of(DEFAULT_ORIGIN)));
    }
    this.builtIn = List.copyOf(env);
  }

  /** No configured secrets (the built-in environment variables still count). */
  public static AgentSecrets none() {
    return new AgentSecrets(Map.of());
  }

  /** Plain values, each bound to {@value #DEFAULT_BASE_URL} only (the original config form). */
  public static AgentSecrets ofValues(Map<String, String> values) {
    Map<String, ConfiguredSecret> m = new LinkedHashMap<>();
    if (values != null) {
      values.forEach(
          (name, value) ->
              m.put(
                  name,
                  new ConfiguredSecret(
                      checkedName(name),
                      new ConfiguredSecret.Source.Value(value),
                      List.of(DEFAULT_ORIGIN))));
    }
    return new AgentSecrets(m);
  }

  /** The given secrets, as a config would hold them. */
  public static AgentSecrets of(List<ConfiguredSecret> secrets) {
    Map<String, ConfiguredSecret> m = new LinkedHashMap<>();
    secrets.forEach(s -> m.put(s.name(), s));
    return new AgentSecrets(m);
  }

  /** Reads the config's {@code secrets} object; errors name the key, never a value. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static AgentSecrets fromJson(Map<String, JsonNode> json) {
    Map<String, ConfiguredSecret> m = new LinkedHashMap<>();
    if (json != null) {
      json.forEach((name, node) -> m.put(name, parse(checkedName(name), node)));
    }
    return new AgentSecrets(m);
  }

  /** The configured secret a plan names, if any. */
  public Optional<ConfiguredSecret> named(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /**
   * The secrets (configured, then built-in) whose value is the environment variable {@code var}.
   */
  public List<ConfiguredSecret> fromEnv(String var) {
    List<ConfiguredSecret> out = new ArrayList<>();
    for (ConfiguredSecret s : byName.values()) {
      if (s.source() instanceof ConfiguredSecret.Source.Env e && e.variable().equals(var)) {
        out.add(s);
      }
    }
    builtIn.stream()
        .filter(s -> ((ConfiguredSecret.Source.Env) s.source()).variable().equals(var))
        .forEach(out::add);
    return out;
  }

  public int size() {
    return byName.size();
  }

  private static String checkedName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "secrets: \""
              + name
              + "\" is not a secret name (letters, digits, _ . -, starting with a letter, at most 64)");
    }
    return name;
  }

  private static ConfiguredSecret parse(String name, JsonNode node) {
    String at = "secrets." + name;
    if (node != null && node.isTextual()) {
      return new ConfiguredSecret(
          name, new ConfiguredSecret.Source.Value(node.asText()), List.of(DEFAULT_ORIGIN));
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(at + ": expected a string or {value|env|file, base_urls}");
    }
    List<String> sources = new ArrayList<>();
    node.fieldNames()
        .forEachRemaining(
            f -> {
              if (List.of("value", "env", "file").contains(f)) {
                sources.add(f);
              } else if (!f.equals("base_urls")) {
                throw new IllegalArgumentException(
                    at + ": unknown key \"" + f + "\" (expected: value, env, file, base_urls)");
              }
            });
    if (sources.size() != 1) {
      throw new IllegalArgumentException(at + ": needs exactly one of value, env, file");
    }
    String kind = sources.get(0);
    JsonNode v = node.get(kind);
    if (!v.isTextual() || v.asText().isBlank()) {
      throw new IllegalArgumentException(at + "." + kind + ": expected a non-empty string");
    }
    ConfiguredSecret.Source source =
        switch (kind) {
          case "value" -> new ConfiguredSecret.Source.Value(v.asText());
          case "env" -> {
            if (!ENV_NAME.matcher(v.asText()).matches()) {
              throw new IllegalArgumentException(
                  at + ".env: \"" + v.asText() + "\" is not an environment variable name");
            }
            yield new ConfiguredSecret.Source.Env(v.asText());
          }
          default -> new ConfiguredSecret.Source.File(v.asText());
        };
    return new ConfiguredSecret(name, source, origins(at + ".base_urls", node.get("base_urls")));
  }

  private static List<SecretOrigin> origins(String at, JsonNode urls) {
    if (urls == null || !urls.isArray() || urls.isEmpty()) {
      throw new IllegalArgumentException(
          at + ": expected a non-empty list of the servers this secret may go to");
    }
    List<SecretOrigin> out = new ArrayList<>();
    for (int i = 0; i < urls.size(); i++) {
      String s = urls.get(i).isTextual() ? urls.get(i).asText().strip() : "";
      out.add(origin(at + "[" + i + "]", s));
    }
    return out;
  }

  private static SecretOrigin origin(String at, String s) {
    URI uri;
    try {
      uri = new URI(s);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(at + ": \"" + s + "\" is not a URL");
    }
    SecretOrigin o =
        SecretOrigin.of(uri)
            .filter(x -> s.indexOf('@') < 0)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        at
                            + ": \""
                            + s
                            + "\" is not an http(s) URL with a host (and no user name)"));
    if (!o.isSafeForSecrets()) {
      throw new IllegalArgumentException(
          at
              + ": \""
              + s
              + "\" is plain http to another machine; a secret may only go over https (http only to localhost/127.0.0.1/[::1])");
    }
    return o;
  }
}
