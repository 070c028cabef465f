/**
 * The columnar layout shared by the Arrow and Parquet formats: column names, the schema's custom-metadata keys,
 * and the choice of typed metadata columns. FORMAT.md is the contract these classes implement.
 */
package dev.tally.core.columnar;
