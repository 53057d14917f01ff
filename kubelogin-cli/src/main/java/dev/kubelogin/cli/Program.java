package dev.kubelogin.cli;

/** How the command was started, which decides the flags it takes and the names it prints. */
enum Program {
  /** {@code kubelogin}: int128's or Azure's flags, told apart by the flags given. */
  KUBELOGIN("kubelogin", "kubelogin"),
  /** {@code kubectl oidc-login} (the {@code kubectl-oidc_login} launcher): int128's flags only. */
  OIDC_LOGIN("kubectl oidc-login", "kubectl-oidc_login");

  private final String displayName;
  private final String executable;

  Program(String displayName, String executable) {
    this.displayName = displayName;
    this.executable = executable;
  }

  /** The launcher's file name, for the completion script. */
  String executable() {
    return executable;
  }

  String displayName() {
    return displayName;
  }

  String getTokenCommand() {
    return displayName + " get-token";
  }
}
