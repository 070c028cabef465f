package dev.tally.arrow;

/** The two Arrow IPC forms. */
public enum ArrowForm {
    /**
     * The file form ({@code .arrow}, Feather v2): a footer indexes every batch, so batch k is read directly.
     * Complete only once closed.
     */
    FILE,
    /**
     * The stream form ({@code .arrows}): messages one after another, readable while written; a writer killed
     * midway leaves every batch it flushed readable.
     */
    STREAM
}
