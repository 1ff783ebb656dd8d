//! The `virtual-shelf` binary: parses the command line and hands over to the library.

fn main() -> anyhow::Result<()> {
    virtual_shelf::cli::run()
}
