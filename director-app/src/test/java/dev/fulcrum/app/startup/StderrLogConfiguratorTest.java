package dev.fulcrum.app.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class StderrLogConfiguratorTest {
    @Test
    void oneStderrAppenderAtTheSettingsLevel() {
        String before = System.getProperty("fulcrum.log.level");
        System.setProperty("fulcrum.log.level", "WARN");
        try {
            LoggerContext ctx = new LoggerContext();
            assertEquals(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, new StderrLogConfigurator().configure(ctx));
            Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
            assertEquals(Level.WARN, root.getLevel());
            ConsoleAppender<?> a = (ConsoleAppender<?>) root.getAppender("STDERR");
            assertNotNull(a);
            assertEquals("System.err", a.getTarget());
        } finally {
            if (before == null) {
                System.clearProperty("fulcrum.log.level");
            } else {
                System.setProperty("fulcrum.log.level", before);
            }
        }
    }

    @Test
    void theLevelFromTheSettingsAppliesAfterAnEarlySetUp() {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        Level before = root.getLevel();
        try {
            StderrLogConfigurator.applyLevel("DEBUG");
            assertEquals(Level.DEBUG, root.getLevel());
            StderrLogConfigurator.applyLevel("ERROR");
            assertEquals(Level.ERROR, root.getLevel());
        } finally {
            root.setLevel(before);
        }
    }
}
