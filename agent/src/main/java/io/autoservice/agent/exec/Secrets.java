package io.autoservice.agent.exec;

import io.autoservice.agent.config.AgentSecrets;
import io.autoservice.agent.config.ConfiguredSecret;
import io.autoservice.agent.config.SecretOrigin;
import io.autoservice.agent.tasks.SecretLookup;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where tasks get secrets, and the only gate between a plan and them. A plan names a secret (a
 * config name, or {@code env:VAR}) and a destination; the value is handed out only when the agent
 * config binds that secret to the destination's origin, so no plan can send a secret, or any
 * environment variable, to a server the config does not name for it.
 */
public final class Secrets {
  private static final long MAX_FILE_BYTES = 64 * 1024;

  private final AgentSecrets configured;
  private final Map<String, String> env;

  public Secrets(AgentSecrets configured, Map<String, String> env) {
    this.configured = configured;
    this.env = Map.copyOf(env);
  }

  public static Secrets none() {
    return new Secrets(AgentSecrets.none(), Map.of());
  }

  /** The secret {@code reference} names, if the config lets it go to {@code destination}. */
  public SecretLookup lookup(String reference, URI destination) {
    Optional<SecretOrigin> origin =
        SecretOrigin.of(destination).filter(SecretOrigin::isSafeForSecrets);
    if (reference == null || reference.isBlank() || origin.isEmpty()) {
      return new SecretLookup.NotBound();
    }
    List<ConfiguredSecret> candidates =
        reference.startsWith("env:")
            ? configured.fromEnv(reference.substring(4))
            : configured.named(reference).map(List::of).orElse(List.of());
    return candidates.stream()
        .filter(s -> s.boundTo(origin.get()))
        .findFirst()
        .map(s -> read(s, describe(reference)))
        .orElseGet(SecretLookup.NotBound::new);
  }

  private SecretLookup read(ConfiguredSecret s, String source) {
    if (s.source() instanceof ConfiguredSecret.Source.Value v) {
      return found(v.value(), source, source + " is empty");
    }
    if (s.source() instanceof ConfiguredSecret.Source.Env e) {
      return found(
          env.get(e.variable()),
          source,
          "the environment variable " + e.variable() + " is not set (or empty) for the agent");
    }
    String path = ((ConfiguredSecret.Source.File) s.source()).path();
    String unreadable = source + ": the file " + path + " cannot be read";
    try {
      Path file = Path.of(path);
      if (!Files.isRegularFile(file) || Files.size(file) > MAX_FILE_BYTES) {
        return new SecretLookup.Unset(unreadable);
      }
      return found(
          Files.readString(file, StandardCharsets.UTF_8).strip(),
          source,
          source + ": the file " + path + " is empty");
    } catch (IOException | InvalidPathException | java.io.UncheckedIOException e) {
      return new SecretLookup.Unset(unreadable);
    }
  }

  private static SecretLookup found(String value, String source, String unset) {
    return value == null || value.isBlank()
        ? new SecretLookup.Unset(unset)
        : new SecretLookup.Found(value, source);
  }

  private static String describe(String reference) {
    return reference.startsWith("env:")
        ? "the environment variable " + reference.substring(4)
        : "the agent config secret " + reference;
  }
}
