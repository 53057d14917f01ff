package dev.kubelogin.testing;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.Map;

/**
 * One compiled CEL expression of an {@link AuthenticationConfiguration}, in the environment
 * kube-apiserver gives it: {@code claims} ({@code map(string, dyn)}) for claim mappings and claim
 * validation rules, {@code user} (username, uid, groups, extra) for user validation rules; the
 * standard functions and macros, optionals ({@code claims.?x.orValue(y)}), and the string, list and
 * set extensions. Immutable and thread-safe.
 */
final class CelExpression {
  private static final CelOptions OPTIONS = CelOptions.current().enableOptionalSyntax(true).build();
  private static final Cel CLAIMS = environment("claims");
  private static final Cel USER = environment("user");

  /** The expression did not compile; the message is the CEL compiler's. */
  static final class CompileException extends Exception {
    private static final long serialVersionUID = 1L;

    CompileException(String message) {
      super(message);
    }
  }

  private final String source;
  private final CelAbstractSyntaxTree ast;
  private final CelRuntime.Program program;

  private CelExpression(String source, CelAbstractSyntaxTree ast, CelRuntime.Program program) {
    this.source = source;
    this.ast = ast;
    this.program = program;
  }

  private static Cel environment(String variable) {
    return CelFactory.standardCelBuilder()
        .setOptions(OPTIONS)
        .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
        .addVar(variable, MapType.create(SimpleType.STRING, SimpleType.DYN))
        .addCompilerLibraries(
            CelExtensions.optional(),
            CelExtensions.strings(),
            CelExtensions.lists(),
            CelExtensions.sets(OPTIONS))
        .addRuntimeLibraries(
            CelExtensions.optional(),
            CelExtensions.strings(),
            CelExtensions.lists(),
            CelExtensions.sets(OPTIONS))
        .build();
  }

  /** Compiles an expression over {@code claims}. */
  static CelExpression claims(String source, boolean mustBeBool) throws CompileException {
    return compile(CLAIMS, source, mustBeBool);
  }

  /** Compiles an expression over {@code user}, which must give a bool. */
  static CelExpression user(String source) throws CompileException {
    return compile(USER, source, true);
  }

  private static CelExpression compile(Cel cel, String source, boolean mustBeBool)
      throws CompileException {
    CelValidationResult result = cel.compile(source);
    if (result.hasError()) {
      throw new CompileException(result.getErrorString());
    }
    try {
      CelAbstractSyntaxTree ast = result.getAst();
      if (mustBeBool
          && !ast.getResultType().equals(SimpleType.BOOL)
          && !ast.getResultType().equals(SimpleType.DYN)) {
        throw new CompileException("must evaluate to bool, not " + ast.getResultType().name());
      }
      return new CelExpression(source, ast, cel.createProgram(ast));
    } catch (CelValidationException | CelEvaluationException e) {
      throw new CompileException(e.getMessage());
    }
  }

  /** The expression as written. */
  String source() {
    return source;
  }

  /**
   * Whether the expression reads {@code operand.field} or {@code operand.?field}, as
   * kube-apiserver's check for {@code claims.email} and {@code claims.email_verified} does.
   */
  boolean selects(String operand, String field) {
    return CelNavigableAst.fromAst(ast)
        .getRoot()
        .allNodes()
        .map(n -> n.expr())
        .anyMatch(e -> selects(e, operand, field));
  }

  private static boolean selects(CelExpr e, String operand, String field) {
    switch (e.getKind()) {
      case SELECT:
        return isIdent(e.select().operand(), operand) && e.select().field().equals(field);
      case CALL:
        return e.call().function().equals("_?._")
            && e.call().args().size() == 2
            && isIdent(e.call().args().get(0), operand)
            && e.call().args().get(1).getKind() == CelExpr.ExprKind.Kind.CONSTANT
            && field.equals(e.call().args().get(1).constant().stringValue());
      default:
        return false;
    }
  }

  private static boolean isIdent(CelExpr e, String name) {
    return e.getKind() == CelExpr.ExprKind.Kind.IDENT && e.ident().name().equals(name);
  }

  /**
   * Evaluates the expression with {@code variables} ({@code claims} or {@code user}).
   *
   * @throws CelEvaluationException as CEL reports it (no such key, wrong type, ...)
   */
  Object evaluate(Map<String, ?> variables) throws CelEvaluationException {
    return program.eval(variables);
  }
}
