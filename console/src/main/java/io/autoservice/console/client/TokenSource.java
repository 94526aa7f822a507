package io.autoservice.console.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where the console's bearer token comes from, first found wins: {@code --token}, {@code
 * --token-file}, {@code $AUTOSERVICE_TOKEN}, {@code $AUTOSERVICE_TOKEN_FILE}. Flags win over the
 * environment, as everywhere in this CLI; giving both flags is a usage error. A token file holds
 * the token on its first line (surrounding blanks are ignored), as {@code serve} writes {@code
 * admin.token}.
 */
public final class TokenSource {
  static final String ENV_TOKEN = "AUTOSERVICE_TOKEN";
  static final String ENV_TOKEN_FILE = "AUTOSERVICE_TOKEN_FILE";

  /** What an HTTP/2 header value may carry; our tokens are base64url. */
  private static final Pattern PRINTABLE = Pattern.compile("[\\x21-\\x7e]{1,4096}");

  private TokenSource() {}

  /** The token to send, or {@code null} when none is configured anywhere. */
  public static String resolve(String token, Path tokenFile, Map<String, String> env)
      throws UsageException {
    if (token != null && tokenFile != null) {
      throw new UsageException("--token and --token-file: give one, not both");
    }
    if (token != null) {
      return check("--token", token.strip());
    }
    if (tokenFile != null) {
      return read("--token-file", tokenFile);
    }
    String fromEnv = env.get(ENV_TOKEN);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return check("$" + ENV_TOKEN, fromEnv.strip());
    }
    String file = env.get(ENV_TOKEN_FILE);
    if (file != null && !file.isBlank()) {
      return read("$" + ENV_TOKEN_FILE, Path.of(file.strip()));
    }
    return null;
  }

  private static String read(String source, Path file) throws UsageException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new UsageException(source + ": cannot read " + file + " (no such file)");
    } catch (IOException e) {
      throw new UsageException(source + ": cannot read " + file + " (" + e.getMessage() + ")");
    }
    String first = text.strip().lines().findFirst().orElse("").strip();
    if (first.isEmpty()) {
      throw new UsageException(source + ": " + file + " is empty (expected: a token)");
    }
    return check(source + " (" + file + ")", first);
  }

  private static String check(String source, String token) throws UsageException {
    if (!PRINTABLE.matcher(token).matches()) {
      throw new UsageException(
          source
              + ": not a token (expected: up to 4096 printable ASCII characters without spaces)");
    }
    return token;
  }
}
