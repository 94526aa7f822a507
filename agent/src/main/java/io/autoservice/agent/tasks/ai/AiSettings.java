package io.autoservice.agent.tasks.ai;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.autoservice.agent.config.AgentSecrets;
import io.autoservice.agent.config.SecretOrigin;
import io.autoservice.agent.tasks.SecretLookup;
import io.autoservice.agent.tasks.TaskContext;
import io.autoservice.common.plan.ParamSpec;
import io.autoservice.common.plan.ParamType;
import io.autoservice.common.plan.TaskParams;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The validated settings shared by the AI tasks: which model, where, with which key, and whether to
 * change anything.
 *
 * <p>The key comes from {@link TaskContext#secretFor} only, and only when the agent config binds it
 * to {@code base_url}'s scheme, host and port (see {@link AgentSecrets}); otherwise the task fails
 * before any request is made. The plan's {@code api_key} may name it ({@code env:VAR}, or the name
 * of a secret in the agent config such as {@code openai_api_key}); a plan that carries a key itself
 * is refused without repeating it. Without {@code api_key}: the config secret {@value
 * #DEFAULT_SECRET}, then {@code env:AUTOSERVICE_OPENAI_KEY}, then {@code env:OPENAI_API_KEY}, the
 * first bound to the endpoint. Plain http is accepted only to this PC.
 *
 * @param key the API key
 * @param model the model name, e.g. {@code gpt-4o-mini}
 * @param endpoint the chat-completions URL
 * @param requestTimeout limit for the one HTTP request
 * @param apply whether to change the PC ({@code apply_changes}, overridden by the inverse flag)
 */
public record AiSettings(
    ApiKey key, String model, URI endpoint, Duration requestTimeout, boolean apply) {
  public static final String DEFAULT_BASE_URL = AgentSecrets.DEFAULT_BASE_URL;
  public static final String DEFAULT_SECRET = "openai_api_key";
  public static final List<String> DEFAULT_LOOKUP =
      List.of(DEFAULT_SECRET, "env:AUTOSERVICE_OPENAI_KEY", "env:OPENAI_API_KEY");
  public static final double DEFAULT_TIMEOUT_SECONDS = 120;
  static final String LITERAL_REFUSED =
      "api_key must name a secret (env:VAR or a secret in the agent config), not contain one";

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
  private static final Pattern SECRET_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");

  /** A setting that cannot be used; the message never holds a key. */
  public static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;
    private final String errorType;

    Invalid(String errorType, String message) {
      super(message);
      this.errorType = errorType;
    }

    /**
     * {@code missing_parameters}, {@code invalid_parameters}, {@code api_key_not_a_reference} or
     * {@code secret_not_bound}.
     */
    public String errorType() {
      return errorType;
    }
  }

  /** The parameters every AI task takes; {@code inverse} is the task's "change nothing" flag. */
  public static List<ParamSpec> specs(String inverse, String inverseDescription) {
    List<ParamSpec> specs = new ArrayList<>();
    specs.add(
        ParamSpec.optional(
            "api_key",
            ParamType.STRING,
            "Which secret holds the API key: env:VAR or a secret name in the agent config (never the key)."));
    specs.add(
        ParamSpec.optional("model", ParamType.STRING, "Model name, e.g. gpt-4o-mini (required)."));
    specs.add(
        ParamSpec.optional("base_url", ParamType.STRING, "An OpenAI-compatible server.")
            .withDefault(TextNode.valueOf(DEFAULT_BASE_URL)));
    specs.add(
        ParamSpec.optional("apply_changes", ParamType.BOOLEAN, "Apply the recommendations.")
            .withDefault(BooleanNode.FALSE));
    specs.add(ParamSpec.optional(inverse, ParamType.BOOLEAN, inverseDescription));
    specs.add(
        ParamSpec.optional(
                "request_timeout_seconds", ParamType.NUMBER, "Limit for the model's answer.")
            .withDefault(DoubleNode.valueOf(DEFAULT_TIMEOUT_SECONDS))
            .withRange(1.0, 600.0));
    return specs;
  }

  /**
   * Reads the settings; {@code inverse} ({@code dry_run}, {@code preview_mode}) overrides {@code
   * apply_changes}.
   */
  public static AiSettings from(TaskContext ctx, String inverse) throws Invalid {
    TaskParams p = ctx.params();
    boolean apply = p.flag("apply_changes");
    if (p.has(inverse)) {
      apply = !p.flag(inverse);
    }
    URI endpoint = endpoint(p.string("base_url").orElse(DEFAULT_BASE_URL));
    if (SecretOrigin.of(endpoint).filter(SecretOrigin::isSafeForSecrets).isEmpty()) {
      throw new Invalid(
          "invalid_parameters",
          "base_url: plain http is allowed only to this PC"
              + " (localhost, 127.0.0.1, [::1]); use https so the API key is not sent in the clear");
    }
    String model = p.string("model").map(String::strip).orElse("");
    ApiKey key =
        key(ctx, p.string("api_key").map(String::strip).filter(s -> !s.isEmpty()), endpoint);
    if (model.isEmpty()) {
      throw new Invalid(
          "missing_parameters", "Configuration error: 'model' is required (e.g. gpt-4o-mini)");
    }
    if (model.length() > 200 || model.chars().anyMatch(Character::isISOControl)) {
      throw new Invalid("invalid_parameters", "model: not a model name");
    }
    double secs = p.number("request_timeout_seconds").orElse(DEFAULT_TIMEOUT_SECONDS);
    return new AiSettings(key, model, endpoint, Duration.ofMillis((long) (secs * 1000)), apply);
  }

  /**
   * Resolves the key reference (see the class comment) for {@code endpoint}: only a secret the
   * agent config binds to the endpoint's origin is ever handed out.
   */
  static ApiKey key(TaskContext ctx, Optional<String> reference, URI endpoint) throws Invalid {
    String origin =
        SecretOrigin.of(endpoint).map(SecretOrigin::toString).orElse(endpoint.toString());
    if (reference.isEmpty()) {
      for (String name : DEFAULT_LOOKUP) {
        if (ctx.secretFor(name, endpoint) instanceof SecretLookup.Found f) {
          return checked(f.value(), f.source());
        }
      }
      throw new Invalid(
          "missing_parameters",
          "No API key for "
              + origin
              + ": put it in the agent config's secrets"
              + " as "
              + DEFAULT_SECRET
              + " bound to that base_url, or (for "
              + DEFAULT_BASE_URL
              + " only) set AUTOSERVICE_OPENAI_KEY or OPENAI_API_KEY for the agent");
    }
    String ref = reference.get();
    boolean env = ref.startsWith("env:");
    if (env ? !ENV_NAME.matcher(ref.substring(4)).matches() : !looksLikeName(ref)) {
      throw new Invalid("api_key_not_a_reference", LITERAL_REFUSED);
    }
    SecretLookup found = ctx.secretFor(ref, endpoint);
    if (found instanceof SecretLookup.Found f) {
      return checked(f.value(), f.source());
    }
    if (found instanceof SecretLookup.Unset u) {
      throw new Invalid("missing_parameters", "api_key: " + u.why());
    }
    throw new Invalid(
        "secret_not_bound",
        "api_key: the agent config binds no secret \""
            + ref
            + "\" to "
            + origin
            + " (base_url); nothing was sent. The config's secrets decide which secret may go to which server");
  }

  /**
   * Whether a plan's {@code api_key} can be a secret's name rather than a key: letters, digits and
   * {@code _ . -}, not starting like a provider's key ({@code sk-}, {@code gsk_}, …), not long, and
   * not the mixed-case-and-digits soup keys are made of.
   */
  static boolean looksLikeName(String s) {
    if (!SECRET_NAME.matcher(s).matches() || s.length() >= 40) {
      return false;
    }
    String lower = s.toLowerCase(Locale.ROOT);
    for (String prefix : List.of("sk-", "sk_", "gsk_", "xai-", "aiza", "pk-", "key-")) {
      if (lower.startsWith(prefix)) {
        return false;
      }
    }
    boolean upper = s.chars().anyMatch(Character::isUpperCase);
    boolean lowerCase = s.chars().anyMatch(Character::isLowerCase);
    boolean digit = s.chars().anyMatch(Character::isDigit);
    return !(upper && lowerCase && digit && s.length() >= 20);
  }

  private static ApiKey checked(String value, String source) throws Invalid {
    String v = value.strip();
    if (v.length() < 8 || v.chars().anyMatch(c -> c <= ' ' || c == 127)) {
      throw new Invalid(
          "invalid_parameters",
          "The API key from "
              + source
              + " is unusable (shorter than 8 characters, or holds spaces or control characters)");
    }
    return new ApiKey(v, source);
  }

  /**
   * The chat-completions URL for a base URL: {@code <base>/v1/chat/completions}; a base that
   * already ends in {@code /v1} gets {@code /chat/completions}, one ending in {@code
   * /chat/completions} is used as is (the two original tasks disagreed on which form they took).
   * Only http(s) URLs with a host and without a user name or password.
   */
  public static URI endpoint(String baseUrl) throws Invalid {
    String s = baseUrl.strip();
    try {
      URI u = new URI(s);
      if (u.getRawUserInfo() != null || s.indexOf('@') >= 0) {
        throw new Invalid(
            "invalid_parameters", "base_url: a URL with a user name or password is not allowed");
      }
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https"))
          || u.getHost() == null
          || s.length() > 2000
          || u.getRawQuery() != null
          || u.getRawFragment() != null) {
        throw new Invalid(
            "invalid_parameters", "base_url: \"" + s + "\" is not an http(s) URL with a host");
      }
      String path = u.getRawPath() == null ? "" : u.getRawPath();
      while (path.endsWith("/")) {
        path = path.substring(0, path.length() - 1);
      }
      if (!path.endsWith("/chat/completions")) {
        path += path.endsWith("/v1") ? "/chat/completions" : "/v1/chat/completions";
      }
      return new URI(scheme + "://" + u.getRawAuthority() + path);
    } catch (URISyntaxException e) {
      if (s.indexOf('@') >= 0) {
        throw new Invalid("invalid_parameters", "base_url: not a usable URL");
      }
      throw new Invalid(
          "invalid_parameters", "base_url: \"" + s + "\" is not a URL (" + e.getReason() + ")");
    }
  }
}
