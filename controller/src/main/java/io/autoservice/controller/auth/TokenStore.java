package io.autoservice.controller.auth;

import static java.util.Objects.requireNonNull;

import io.autoservice.common.auth.Role;
import io.autoservice.controller.model.Refusal;
import io.autoservice.controller.model.User;
import io.autoservice.controller.store.UserStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;

/**
 * Users and their bearer tokens, in the controller's database.
 *
 * <p>A token is 32 bytes from {@link SecureRandom}, base64url without padding (43 characters),
 * handed out once. Only its SHA-256 is stored: the token carries 256 bits of entropy, so a fast
 * unsalted hash is enough (nothing to brute-force), and a stolen database yields no usable token.
 *
 * <p>{@link #authenticate} hashes the presented token and compares it with the hash of every valid
 * user using {@link MessageDigest#isEqual} (constant time), without stopping at a match, so neither
 * the comparison nor the number of comparisons tells a caller how close it came. That is a scan of
 * the users table per call: fine for the tens to hundreds of users a shop has.
 */
public final class TokenStore {
  static final int TOKEN_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
  private final UserStore users;
  private final Clock clock;
  private final BiPredicate<byte[], byte[]> digestsEqual;

  /** A created user and its token, which exists nowhere else. */
  public record Issued(User user, String token) {}

  public TokenStore(UserStore users, Clock clock) {
    this(users, clock, MessageDigest::isEqual);
  }

  /** With the digest comparison replaced (tests count comparisons). */
  TokenStore(UserStore users, Clock clock, BiPredicate<byte[], byte[]> digestsEqual) {
    this.users = requireNonNull(users, "users");
    this.clock = requireNonNull(clock, "clock");
    this.digestsEqual = requireNonNull(digestsEqual, "digestsEqual");
  }

  /** A fresh token: 32 random bytes, base64url, no padding. */
  public static String newToken() {
    byte[] b = new byte[TOKEN_BYTES];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** SHA-256 of the token's UTF-8 bytes: what the database keeps. */
  static byte[] hash(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** Creates a user with a new token. */
  public Issued add(String name, Role role) throws Refusal {
    return add(name, role, newToken());
  }

  Issued add(String name, Role role, String token) throws Refusal {
    requireNonNull(role, "role");
    if (name == null || !NAME.matcher(name).matches()) {
      throw Refusal.invalid(
          "name: '" + name + "' (expected: 1 to 64 letters, digits, '.', '_', '-' or '@')");
    }
    Instant now = clock.instant();
    if (!users.add(name, role, hash(token), now)) {
      throw Refusal.alreadyExists("user " + name + " already exists");
    }
    return new Issued(new User(name, role, now, null, false), token);
  }

  /** Every user, revoked ones included, by name. */
  public List<User> list() {
    return users.list();
  }

  public Optional<User> find(String name) {
    return users.find(name);
  }

  /** True until the first user exists (the controller then creates its admin). */
  public boolean isEmpty() {
    return users.isEmpty();
  }

  /** Revokes the user's token at once; revoking a revoked user changes nothing. */
  public User revoke(String name) throws Refusal {
    users.revoke(name, clock.instant());
    return find(name).orElseThrow(() -> Refusal.notFound("user " + name + " not found"));
  }

  /** The valid (not revoked) user holding this token, if any. */
  public Optional<User> authenticate(String token) {
    byte[] presented = hash(token);
    User match = null;
    for (UserStore.Credential c : users.valid()) {
      // Every row is compared, even after a match: the work does not depend on the token.
      boolean equal = digestsEqual.test(presented, c.tokenHash());
      if (equal && match == null) {
        match = c.user();
      }
    }
    return Optional.ofNullable(match);
  }
}
