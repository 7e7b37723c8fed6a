package dev.fulcrum.lab;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The JVM started inside the VM: runs one test class with the JUnit launcher and writes one outcome line
 * per test method for {@link KernelVmExtension} to read back on the host.
 */
public final class InVmTestRunner {
    private InVmTestRunner() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: InVmTestRunner TEST_CLASS RESULTS_FILE");
            System.exit(2);
        }
        String className = args[0];
        Path results = Path.of(args[1]);
        List<MethodOutcome> outcomes = new ArrayList<>();
        TestExecutionListener listener = new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (!id.isTest()) {
                    containerFailure(id, result);
                    return;
                }
                methodKey(id).ifPresent(key -> outcomes.add(outcome(key, result)));
                System.out.println("[vm] " + id.getDisplayName() + ": " + result.getStatus());
            }

            @Override
            public void executionSkipped(TestIdentifier id, String reason) {
                if (id.isTest()) {
                    methodKey(id).ifPresent(key -> outcomes.add(new MethodOutcome(key, MethodOutcome.Status.ABORTED, "skipped in the VM: " + reason)));
                }
            }

            private void containerFailure(TestIdentifier id, TestExecutionResult result) {
                if (result.getStatus() == TestExecutionResult.Status.FAILED) {
                    outcomes.add(outcome("<class>", result));
                    System.out.println("[vm] " + id.getDisplayName() + ": " + result.getStatus());
                }
            }
        };
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClass(className)).build();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request, listener);
        List<String> lines = new ArrayList<>();
        for (MethodOutcome o : outcomes) {
            lines.add(o.toLine());
        }
        Files.createDirectories(results.toAbsolutePath().getParent());
        Files.write(results, lines);
        boolean allOk = outcomes.stream().allMatch(o -> o.status() != MethodOutcome.Status.FAILED);
        System.exit(allOk ? 0 : 1);
    }

    static Optional<String> methodKey(TestIdentifier id) {
        return id.getSource().filter(MethodSource.class::isInstance).map(MethodSource.class::cast)
                .map(ms -> ms.getMethodName() + "(" + ms.getMethodParameterTypes() + ")");
    }

    static String methodKey(Method m) {
        StringBuilder sb = new StringBuilder();
        for (Class<?> c : m.getParameterTypes()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(c.getName());
        }
        return m.getName() + "(" + sb + ")";
    }

    private static MethodOutcome outcome(String key, TestExecutionResult result) {
        String detail = result.getThrowable().map(t -> {
            StringWriter sw = new StringWriter();
            t.printStackTrace(new PrintWriter(sw));
            return sw.toString();
        }).orElse("");
        MethodOutcome.Status status = switch (result.getStatus()) {
            case SUCCESSFUL -> MethodOutcome.Status.SUCCESSFUL;
            case ABORTED -> MethodOutcome.Status.ABORTED;
            case FAILED -> MethodOutcome.Status.FAILED;
        };
        return new MethodOutcome(key, status, detail);
    }
}
