package dev.veil.deploy;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.MapType;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.Map;

/**
 * DRA device selectors evaluated the way the Kubernetes scheduler evaluates them: a boolean CEL expression over
 * one {@code device} ({@code driver}, {@code attributes[domain][name]}, {@code capacity[domain][name]}), with CEL's
 * standard library, its string extensions and Kubernetes' semver functions (version attributes such as
 * cudaComputeCapability are semver values). Kubernetes' quantity library is not provided: a selector that needs
 * it fails to compile here, and the test that uses it says so.
 */
final class DeviceSelectors {

    private static final OpaqueType SEMVER = OpaqueType.create("kubernetes.Semver");

    private static final Cel CEL = CelFactory.standardCelBuilder()
            .addVar("device", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .addCompilerLibraries(CelExtensions.strings())
            .addRuntimeLibraries(CelExtensions.strings())
            .addFunctionDeclarations(
                    CelFunctionDecl.newFunctionDeclaration("semver",
                            CelOverloadDecl.newGlobalOverload("semver_string", SEMVER, SimpleType.STRING)),
                    CelFunctionDecl.newFunctionDeclaration("isSemver",
                            CelOverloadDecl.newGlobalOverload("is_semver_string", SimpleType.BOOL, SimpleType.STRING)),
                    CelFunctionDecl.newFunctionDeclaration("compareTo",
                            CelOverloadDecl.newMemberOverload("semver_compare_to", SimpleType.INT, SEMVER, SEMVER)),
                    CelFunctionDecl.newFunctionDeclaration("isGreaterThan",
                            CelOverloadDecl.newMemberOverload("semver_is_greater_than", SimpleType.BOOL, SEMVER, SEMVER)),
                    CelFunctionDecl.newFunctionDeclaration("isLessThan",
                            CelOverloadDecl.newMemberOverload("semver_is_less_than", SimpleType.BOOL, SEMVER, SEMVER)),
                    CelFunctionDecl.newFunctionDeclaration("major",
                            CelOverloadDecl.newMemberOverload("semver_major", SimpleType.INT, SEMVER)),
                    CelFunctionDecl.newFunctionDeclaration("minor",
                            CelOverloadDecl.newMemberOverload("semver_minor", SimpleType.INT, SEMVER)),
                    CelFunctionDecl.newFunctionDeclaration("patch",
                            CelOverloadDecl.newMemberOverload("semver_patch", SimpleType.INT, SEMVER)))
            .addFunctionBindings(
                    CelRuntime.CelFunctionBinding.from("semver_string", String.class, Semver::parse),
                    CelRuntime.CelFunctionBinding.from("is_semver_string", String.class, Semver::isValid),
                    CelRuntime.CelFunctionBinding.from("semver_compare_to", Semver.class, Semver.class,
                            (a, b) -> (long) Integer.signum(a.compareTo(b))),
                    CelRuntime.CelFunctionBinding.from("semver_is_greater_than", Semver.class, Semver.class,
                            (a, b) -> a.compareTo(b) > 0),
                    CelRuntime.CelFunctionBinding.from("semver_is_less_than", Semver.class, Semver.class,
                            (a, b) -> a.compareTo(b) < 0),
                    CelRuntime.CelFunctionBinding.from("semver_major", Semver.class, v -> v.major()),
                    CelRuntime.CelFunctionBinding.from("semver_minor", Semver.class, v -> v.minor()),
                    CelRuntime.CelFunctionBinding.from("semver_patch", Semver.class, v -> v.patch()))
            .setResultType(SimpleType.BOOL)
            .build();

    private DeviceSelectors() {
    }

    /** A compiled selector; compiling fails on a syntax or type error, as the API server's validation would. */
    static CelRuntime.Program compile(String expression) throws CelValidationException, CelEvaluationException {
        CelAbstractSyntaxTree ast = CEL.compile(expression).getAst();
        return CEL.createProgram(ast);
    }

    /** Whether the selector takes {@code device}; an evaluation error is thrown, as it aborts allocation in Kubernetes. */
    static boolean selects(CelRuntime.Program selector, Map<String, Object> device) throws CelEvaluationException {
        return (Boolean) selector.eval(Map.of("device", device));
    }

    /** A semantic version as Kubernetes' semver library holds it (major.minor.patch; pre-release tags unused here). */
    record Semver(long major, long minor, long patch) implements Comparable<Semver> {

        static Semver parse(String text) {
            String[] parts = text.split("\\.", -1);
            if (parts.length != 3) {
                throw new IllegalArgumentException("not a semantic version (major.minor.patch): " + text);
            }
            return new Semver(Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2]));
        }

        static boolean isValid(String text) {
            try {
                parse(text);
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }

        @Override
        public int compareTo(Semver other) {
            int c = Long.compare(major, other.major);
            if (c == 0) {
                c = Long.compare(minor, other.minor);
            }
            return c != 0 ? c : Long.compare(patch, other.patch);
        }
    }
}
