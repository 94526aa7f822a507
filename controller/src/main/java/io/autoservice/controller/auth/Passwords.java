package io.autoservice.controller.auth;

import static java.util.Objects.requireNonNull;

import io.autoservice.controller.model.Refusal;
import io.autoservice.controller.model.User;
import io.autoservice.controller.store.UserStore;
import java.util.Optional;

/**
 * Web console passwords: set by an admin, checked at sign-in. Only an Argon2id hash is stored. A
 * revoked user's password no longer signs in (its row is skipped), exactly as its token.
 */
public final class Passwords {
  static final int MIN_LENGTH = 12;
  static final int MAX_LENGTH = 256;

  private final UserStore users;
  private final PasswordHasher hasher;

  public Passwords(UserStore users, PasswordHasher hasher) {
    this.users = requireNonNull(users, "users");
    this.hasher = requireNonNull(hasher, "hasher");
  }

  /** Sets or replaces the user's password. */
  public User set(String name, String password) throws Refusal {
    if (password == null
        || password.codePointCount(0, password.length()) < MIN_LENGTH
        || password.length() > MAX_LENGTH) {
      throw Refusal.invalid(
          "password: expected "
              + MIN_LENGTH
              + " to "
              + MAX_LENGTH
              + " characters, got "
              + (password == null ? 0 : password.length()));
    }
    User user = users.find(name).orElseThrow(() -> Refusal.notFound("user " + name + " not found"));
    if (user.revoked()) {
      throw Refusal.failedPrecondition("user " + name + " is revoked");
    }
    users.setPasswordHash(name, hasher.hash(password));
    return users.find(name).orElse(user);
  }

  /** The valid user with this name and password; empty for a wrong one, without saying why. */
  public Optional<User> authenticate(String name, String password) {
    if (name == null || password == null || password.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    Optional<String> stored = users.passwordHash(name);
    if (stored.isEmpty()) {
      hasher.verifyNothing(password);
      return Optional.empty();
    }
    if (!hasher.verify(password, stored.get())) {
      return Optional.empty();
    }
    return users.find(name).filter(u -> !u.revoked());
  }
}
