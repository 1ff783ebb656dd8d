//! `shelf-generator` command line: posters from a spec or a product CSV, a check that
//! decodes every code of a rendered poster, and a demo.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use clap::{Args, Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use shelf_generator::catalog::{self, CsvOptions};
use shelf_generator::decode::{self, CheckOptions, PhoneCamera};
use shelf_generator::{
    BuildOptions, CropMarks, Error, ErrorCorrection, Format, LayoutSpec, Orientation, PageSize,
    PageSpec, PdfOptions, PngOptions, Policy, Poster, PosterSpec, QrSpec, page_path,
};

/// Print-ready supermarket-shelf posters whose every product carries a scannable QR code.
///
/// Output is chosen by the file extension: .pdf (vector, all pages in one file, fonts
/// embedded, trim and bleed boxes, crop marks), .png (one file per page, at --dpi) or .svg
/// (one file per page). With several pages, PNG and SVG files are numbered: out-1.png,
/// out-2.png…
///
/// Before anything is written a preflight checks the poster: it refuses codes too small to
/// scan from the scan distance (--force prints them anyway) and warns about photos under
/// 150 ppi at their printed size and text shortened to fit (--strict refuses those too).
#[derive(Parser)]
#[command(name = "shelf-generator", version, about, long_about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Render a poster spec (JSON, or TOML for a .toml file) to PDF, PNG or SVG.
    ///
    /// Relative image paths in the spec are read from the spec file's folder.
    Render {
        /// The poster spec.
        spec: PathBuf,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Build a poster from a product CSV and render it.
    ///
    /// Columns as the API's import (sku, name, description, price_minor, stock_on_hand, gtin,
    /// active) plus `image` (a file name in --images) and optional `subtitle` (else the
    /// description's first sentence). Rows with active=false are skipped.
    FromCsv(Box<FromCsv>),
    /// Decode every QR code in a rendered PNG or PDF; prints one payload per line.
    ///
    /// Codes are listed page by page, top shelf first, left to right. A PDF is rasterized
    /// with poppler's pdftoppm (Debian package poppler-utils). With --distance the image is
    /// first reduced to what a phone camera sees from that far. Exits with 1 when no code
    /// is found.
    Check {
        /// A PNG (or JPEG) or PDF.
        file: PathBuf,
        /// Simulate a phone this many metres away (portrait, 1080 px frames, 55° across).
        #[arg(long, value_name = "METRES")]
        distance: Option<f64>,
        /// Resolution for rasterizing a PDF, or of a PNG that does not record its own.
        #[arg(long, value_name = "DPI")]
        dpi: Option<f64>,
    },
    /// Write a demo poster (PDF, PNG, SVG and its spec as JSON) from the project's demo
    /// catalogue.
    Demo {
        /// Folder to write into (created if missing).
        #[arg(short, long, value_name = "DIR")]
        output: PathBuf,
    },
}

#[derive(Args)]
struct OutputArgs {
    /// Output file: .pdf, .png or .svg.
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,
    /// PNG resolution in dots per inch.
    #[arg(long, default_value_t = 300.0, value_name = "DPI")]
    dpi: f64,
    /// Print even when codes are too small for the scan distance (they are shrunk to fit).
    #[arg(long)]
    force: bool,
    /// Refuse on any warning (low-resolution photos, shortened text…).
    #[arg(long)]
    strict: bool,
    /// Where the PDF's crop marks go: in the bleed corners (page = trim + bleed), outside
    /// in an 8 mm slug (page grows), or none.
    #[arg(long, value_enum, default_value_t = Marks::InBleed)]
    crop_marks: Marks,
}

#[derive(Clone, Copy, ValueEnum)]
enum Marks {
    InBleed,
    Outside,
    None,
}

#[derive(Args)]
struct FromCsv {
    /// The product CSV.
    csv: PathBuf,
    /// URL each code opens; {column} placeholders take the row's values, e.g.
    /// 'https://shop.example/p/{sku}'. Upper-cased for a smaller code unless --keep-case.
    #[arg(long, value_name = "TEMPLATE")]
    url_template: String,
    /// Folder holding the files named in the `image` column.
    #[arg(long, value_name = "DIR")]
    images: Option<PathBuf>,
    /// Paper size: A0…A4, or WIDTHxHEIGHT in mm (e.g. 600x900).
    #[arg(long, default_value = "A1", value_parser = parse_page_size, value_name = "SIZE")]
    page_size: PageSize,
    /// Turn the page sideways.
    #[arg(long)]
    landscape: bool,
    /// Bleed in mm.
    #[arg(long, default_value_t = 3.0, value_name = "MM")]
    bleed: f64,
    /// Products per shelf (automatic when left out).
    #[arg(long)]
    columns: Option<u32>,
    /// Shelves per page (automatic when left out).
    #[arg(long)]
    rows: Option<u32>,
    /// ISO 4217 currency of price_minor.
    #[arg(long, default_value = "KRW")]
    currency: String,
    /// Locale for prices, e.g. ko-KR, de-DE (default: from the currency).
    #[arg(long)]
    locale: Option<String>,
    /// Header title.
    #[arg(long, default_value = "Scan & shop")]
    title: String,
    /// Small line above the title, e.g. the shop's name.
    #[arg(long)]
    brand: Option<String>,
    /// Call to action at the right of the header.
    #[arg(long)]
    tagline: Option<String>,
    /// Footer text.
    #[arg(long)]
    footer: Option<String>,
    /// How far shoppers stand when scanning, in metres; sets the code size.
    #[arg(long, default_value_t = 0.7, value_name = "METRES")]
    distance: f64,
    /// Use error correction level Q (25 %) even where it makes codes bigger.
    #[arg(long)]
    ec_q: bool,
    /// Keep the URL's case (for shops whose paths are case-sensitive); codes get bigger.
    #[arg(long)]
    keep_case: bool,
    /// Also save the generated spec as JSON, to tweak and render again.
    #[arg(long, value_name = "FILE")]
    save_spec: Option<PathBuf>,
    #[command(flatten)]
    output: OutputArgs,
}

fn parse_page_size(s: &str) -> Result<PageSize, String> {
    s.parse()
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("shelf-generator: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Render { spec, output } => {
            let poster_spec = PosterSpec::from_path(&spec)?;
            let base_dir = spec.parent().map(Path::to_path_buf);
            render(&poster_spec, base_dir, &output)?;
        }
        Command::FromCsv(args) => {
            let spec = spec_from_csv(&args)?;
            if let Some(path) = &args.save_spec {
                std::fs::write(path, spec.to_json())
                    .with_context(|| format!("writing {}", path.display()))?;
            }
            render(&spec, None, &args.output)?;
        }
        Command::Check {
            file,
            distance,
            dpi,
        } => return check(&file, distance, dpi),
        Command::Demo { output } => demo(&output)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn spec_from_csv(args: &FromCsv) -> anyhow::Result<PosterSpec> {
    let file = std::fs::File::open(&args.csv)
        .with_context(|| format!("opening {}", args.csv.display()))?;
    let options = CsvOptions {
        url_template: args.url_template.clone(),
        images_dir: args.images.clone(),
        currency: args.currency.to_ascii_uppercase(),
        locale: args.locale.clone(),
        title: args.title.clone(),
        brand: args.brand.clone(),
        tagline: args.tagline.clone(),
        footer: args.footer.clone(),
        page: PageSpec {
            size: args.page_size,
            orientation: if args.landscape {
                Orientation::Landscape
            } else {
                Orientation::Portrait
            },
            bleed_mm: args.bleed,
            ..PageSpec::default()
        },
        layout: LayoutSpec {
            columns: args.columns,
            rows: args.rows,
        },
        scan_distance_m: args.distance,
        qr: QrSpec {
            error_correction: if args.ec_q {
                ErrorCorrection::Q
            } else {
                ErrorCorrection::M
            },
            uppercase: !args.keep_case,
            module_mm: None,
        },
    };
    catalog::spec_from_csv(std::io::BufReader::new(file), &options)
        .with_context(|| format!("reading {}", args.csv.display()))
}

fn render(spec: &PosterSpec, base_dir: Option<PathBuf>, args: &OutputArgs) -> anyhow::Result<()> {
    let Some(format) = Format::from_path(&args.output) else {
        bail!(
            "{}: the output must end in .pdf, .png or .svg",
            args.output.display()
        );
    };
    let options = BuildOptions {
        base_dir,
        policy: Policy {
            force: args.force,
            strict: args.strict,
        },
    };
    let poster = match Poster::build(spec, &options) {
        Ok(poster) => poster,
        Err(Error::Refused(report)) => {
            eprint!("{report}");
            bail!(
                "preflight refused the poster ({} errors); nothing was written",
                report.errors().count()
            );
        }
        Err(other) => return Err(other.into()),
    };
    for warning in poster.report().warnings() {
        eprintln!("{warning}");
    }
    let crop_marks = match args.crop_marks {
        Marks::InBleed => CropMarks::InBleed,
        Marks::Outside => CropMarks::Outside,
        Marks::None => CropMarks::None,
    };
    for path in write_poster(&poster, format, &args.output, args.dpi, crop_marks)? {
        eprintln!("wrote {}", path.display());
    }
    Ok(())
}

/// Writes the poster in `format`, returning the files written.
fn write_poster(
    poster: &Poster,
    format: Format,
    output: &Path,
    dpi: f64,
    crop_marks: CropMarks,
) -> anyhow::Result<Vec<PathBuf>> {
    let pages = poster.page_count();
    let bar = progress(pages);
    let written = match format {
        Format::Pdf => {
            let pdf = poster.to_pdf_with_progress(&PdfOptions { crop_marks }, |_| bar.inc(1))?;
            write_file(output, &pdf)?;
            vec![output.to_path_buf()]
        }
        Format::Png | Format::Svg => (0..pages)
            .map(|page| {
                let path = page_path(output, page, pages);
                let bytes = match format {
                    Format::Png => poster.to_png(
                        page,
                        &PngOptions {
                            dpi,
                            ..PngOptions::default()
                        },
                    )?,
                    _ => poster.to_svg(page)?.into_bytes(),
                };
                write_file(&path, &bytes)?;
                bar.inc(1);
                Ok(path)
            })
            .collect::<anyhow::Result<_>>()?,
    };
    bar.finish_and_clear();
    Ok(written)
}

/// A progress bar on stderr for posters of several pages (hidden when stderr is not a
/// terminal, e.g. in CI logs).
fn progress(pages: usize) -> ProgressBar {
    if pages < 2 {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(pages as u64);
    if let Ok(style) =
        ProgressStyle::with_template("rendering {bar:30} page {pos}/{len} ({elapsed})")
    {
        bar.set_style(style);
    }
    bar
}

fn write_file(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    std::fs::write(path, bytes).with_context(|| format!("writing {}", path.display()))
}

fn check(file: &Path, distance: Option<f64>, dpi: Option<f64>) -> anyhow::Result<ExitCode> {
    let options = CheckOptions {
        pdf_dpi: dpi.unwrap_or(CheckOptions::default().pdf_dpi),
        png_dpi: dpi,
        camera: distance.map(PhoneCamera::at),
    };
    let decoded = decode::check_file(file, &options)?;
    let mut out = std::io::stdout().lock();
    for code in &decoded {
        writeln!(out, "{}", code.payload)?;
    }
    if decoded.is_empty() {
        eprintln!("shelf-generator: no QR code found in {}", file.display());
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

fn demo(dir: &Path) -> anyhow::Result<()> {
    let spec = shelf_generator::demo::demo_spec()?;
    let poster = Poster::build(&spec, &BuildOptions::default())?;
    write_file(&dir.join("demo-poster.json"), spec.to_json().as_bytes())?;
    let mut written = vec![dir.join("demo-poster.json")];
    for (format, name) in [
        (Format::Pdf, "demo-poster.pdf"),
        (Format::Png, "demo-poster.png"),
        (Format::Svg, "demo-poster.svg"),
    ] {
        written.extend(write_poster(
            &poster,
            format,
            &dir.join(name),
            150.0,
            CropMarks::InBleed,
        )?);
    }
    for path in written {
        eprintln!("wrote {}", path.display());
    }
    Ok(())
}
