//! Finding where QR codes are on a whole poster, so that each can be decoded on its own.
//!
//! rqrr (like quirc) groups finder patterns into symbols by geometry alone; on a poster,
//! where dozens of same-size codes stand in a regular grid, it pairs finders of neighbouring
//! codes and loses most symbols. A code is, however, an island: its quiet zone of 4 light
//! modules separates it from everything else. So: binarize, measure the module size from
//! the finder patterns' 1:1:3:1:1 runs, merge each code's modules into one blob by a
//! dilation of about one module, and crop every blob holding a finder pattern.

use image::GrayImage;

/// Module sizes searched per image (one poster has one; a photographed wall a few).
const MAX_SCALES: usize = 3;

/// A region to decode, in pixels of the image.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Region {
    pub x: u32,
    pub y: u32,
    pub w: u32,
    pub h: u32,
    /// Module size in pixels, as measured on the finder patterns.
    pub module: f32,
}

/// Regions that each hold (at least) one code, with their quiet zone.
pub fn code_regions(image: &GrayImage) -> Vec<Region> {
    let threshold = otsu(image);
    let mask: Vec<bool> = image.as_raw().iter().map(|&v| v < threshold).collect();
    let width = image.width() as usize;
    let dark = |x: u32, y: u32| mask[y as usize * width + x as usize];
    let finders = finder_patterns(image, &mask, &dark);
    let mut regions = Vec::new();
    for module in module_scales(&finders) {
        let centres: Vec<(f32, f32)> = finders
            .iter()
            .filter(|f| (f.2 / module - 1.0).abs() < 0.35)
            .map(|f| (f.0, f.1))
            .collect();
        regions.extend(islands(image, &mask, module, &centres));
    }
    regions
}

/// Otsu's threshold: the grey level that best splits the histogram into two classes.
fn otsu(image: &GrayImage) -> u8 {
    let mut histogram = [0u64; 256];
    for &value in image.as_raw() {
        histogram[value as usize] += 1;
    }
    let total: u64 = histogram.iter().sum();
    let sum_all: f64 = histogram
        .iter()
        .enumerate()
        .map(|(v, &n)| v as f64 * n as f64)
        .sum();
    let (mut best, mut best_variance, mut below, mut sum_below) = (128u8, -1.0, 0u64, 0.0);
    for (level, &count) in histogram.iter().enumerate() {
        below += count;
        sum_below += level as f64 * count as f64;
        let above = total - below;
        if below == 0 || above == 0 {
            continue;
        }
        let mean_below = sum_below / below as f64;
        let mean_above = (sum_all - sum_below) / above as f64;
        let variance = below as f64 * above as f64 * (mean_below - mean_above).powi(2);
        if variance > best_variance {
            best_variance = variance;
            best = level as u8 + 1;
        }
    }
    best
}

/// Centres and module sizes (x, y, module) of finder patterns: runs dark-light-dark-light-dark
/// in proportions 1:1:3:1:1 along a row, confirmed along the column through their middle.
fn finder_patterns(
    image: &GrayImage,
    mask: &[bool],
    dark: &impl Fn(u32, u32) -> bool,
) -> Vec<(f32, f32, f32)> {
    let (width, height) = image.dimensions();
    let mut found: Vec<(f32, f32, f32)> = Vec::new();
    let mut runs: Vec<(u32, u32)> = Vec::new(); // (start, length) of alternating runs, dark first
    for (y, row) in mask.chunks_exact(width as usize).enumerate() {
        let y = y as u32;
        runs.clear();
        let mut start = 0;
        for x in 1..=row.len() {
            if x == row.len() || row[x] != row[start] {
                if row[start] || !runs.is_empty() {
                    runs.push((start as u32, (x - start) as u32));
                }
                start = x;
            }
        }
        // Dark runs sit at even indices.
        for i in (0..runs.len().saturating_sub(4)).step_by(2) {
            let lengths = [
                runs[i].1,
                runs[i + 1].1,
                runs[i + 2].1,
                runs[i + 3].1,
                runs[i + 4].1,
            ];
            let Some(module) = ratio_1_1_3_1_1(lengths) else {
                continue;
            };
            let cx = runs[i + 2].0 as f32 + runs[i + 2].1 as f32 / 2.0;
            let Some((cy, vertical)) = confirm_vertically(dark, cx as u32, y, height) else {
                continue;
            };
            if (vertical / module - 1.0).abs() > 0.5 {
                continue;
            }
            let module = (module + vertical) / 2.0;
            let near = found
                .iter()
                .any(|f| (f.0 - cx).abs() < 3.0 * module && (f.1 - cy).abs() < 3.0 * module);
            if !near {
                found.push((cx, cy, module));
            }
        }
    }
    found
}

/// The module size if the five run lengths are in proportion 1:1:3:1:1 (within half a module).
fn ratio_1_1_3_1_1(lengths: [u32; 5]) -> Option<f32> {
    let total: u32 = lengths.iter().sum();
    if total < 7 {
        return None;
    }
    let module = total as f32 / 7.0;
    let expected = [1.0, 1.0, 3.0, 1.0, 1.0];
    let fits = lengths
        .iter()
        .zip(expected)
        .all(|(&len, e)| (len as f32 - e * module).abs() <= module * 0.5 * e.max(1.5));
    fits.then_some(module)
}

/// Checks the 1:1:3:1:1 pattern along the column through (x, y); returns the centre's y and
/// the module size seen vertically.
fn confirm_vertically(
    dark: &impl Fn(u32, u32) -> bool,
    x: u32,
    y: u32,
    height: u32,
) -> Option<(f32, f32)> {
    if !dark(x, y) {
        return None;
    }
    // Walk up and down through the five runs around the centre.
    let run_up = |from: u32, colour: bool| {
        (0..=from)
            .rev()
            .take_while(|&yy| dark(x, yy) == colour)
            .count() as u32
    };
    let run_down = |from: u32, colour: bool| {
        (from..height)
            .take_while(|&yy| dark(x, yy) == colour)
            .count() as u32
    };
    let centre_up = run_up(y, true);
    let centre_down = run_down(y, true);
    let top = (y + 1).checked_sub(centre_up)?;
    let bottom = y + centre_down;
    let light_up = run_up(top.checked_sub(1)?, false);
    let dark_up = run_up(top.checked_sub(1 + light_up)?, true);
    let light_down = run_down(bottom, false);
    let dark_down = run_down(bottom + light_down, true);
    let lengths = [
        dark_up,
        light_up,
        centre_up + centre_down - 1,
        light_down,
        dark_down,
    ];
    let module = ratio_1_1_3_1_1(lengths)?;
    Some((
        top as f32 + (centre_up + centre_down - 1) as f32 / 2.0,
        module,
    ))
}

/// Distinct module sizes among the finders (sizes within 35 % are one scale).
fn module_scales(finders: &[(f32, f32, f32)]) -> Vec<f32> {
    let mut sizes: Vec<f32> = finders.iter().map(|f| f.2).collect();
    sizes.sort_by(f32::total_cmp);
    let mut scales: Vec<Vec<f32>> = Vec::new();
    for size in sizes {
        match scales.last_mut() {
            Some(group) if size / group[0] < 1.35 => group.push(size),
            _ => scales.push(vec![size]),
        }
    }
    // A scale needs three finders to be a code; its size is the median. Photos and type
    // yield the odd finder-like mark at random sizes, so only the best-populated scales
    // are searched.
    // Modules under 2 px are beyond any decoder.
    scales.retain(|g| g.len() >= 3 && g[g.len() / 2] >= 2.0);
    scales.sort_by_key(|g| std::cmp::Reverse(g.len()));
    let most = scales.first().map_or(0, Vec::len);
    scales
        .into_iter()
        .take_while(|g| g.len() * 8 >= most)
        .take(MAX_SCALES)
        .map(|g| g[g.len() / 2])
        .collect()
}

/// Blobs of dark pixels merged at about one module, that contain a finder centre; each
/// returned with a margin of four modules.
fn islands(image: &GrayImage, mask: &[bool], module: f32, centres: &[(f32, f32)]) -> Vec<Region> {
    let (width, height) = image.dimensions();
    // Work on a grid of cells about a third of a module wide: a cell is dark if any pixel is.
    let cell = (module / 3.0).floor().max(1.0) as u32;
    let (gw, gh) = (width.div_ceil(cell), height.div_ceil(cell));
    let mut grid = vec![false; (gw * gh) as usize];
    for (y, row) in mask.chunks_exact(width as usize).enumerate() {
        let grid_row = &mut grid[(y / cell as usize) * gw as usize..][..gw as usize];
        for (x, _) in row.iter().enumerate().filter(|(_, dark)| **dark) {
            grid_row[x / cell as usize] = true;
        }
    }
    // Growing by 3/4 of a module closes gaps of 1.5 modules: enough to join the finder
    // patterns through the timing patterns (dark every other module), which span the whole
    // symbol, while the 4-module quiet zone stays open.
    let radius = (0.75 * module / cell as f32).ceil() as usize;
    let grown = dilate(&grid, gw as usize, gh as usize, radius);
    let mut visited = vec![false; grown.len()];
    let mut regions = Vec::new();
    for &(cx, cy) in centres {
        let start = ((cy as u32 / cell).min(gh - 1) * gw + (cx as u32 / cell).min(gw - 1)) as usize;
        if !grown[start] || visited[start] {
            continue;
        }
        let (mut min_x, mut min_y, mut max_x, mut max_y) = (u32::MAX, u32::MAX, 0, 0);
        let mut stack = vec![start];
        visited[start] = true;
        while let Some(i) = stack.pop() {
            let (gx, gy) = (i as u32 % gw, i as u32 / gw);
            (min_x, min_y, max_x, max_y) =
                (min_x.min(gx), min_y.min(gy), max_x.max(gx), max_y.max(gy));
            let neighbours = [
                (gx > 0).then(|| i - 1),
                (gx + 1 < gw).then(|| i + 1),
                (gy > 0).then(|| i - gw as usize),
                (gy + 1 < gh).then(|| i + gw as usize),
            ];
            for n in neighbours.into_iter().flatten() {
                if grown[n] && !visited[n] {
                    visited[n] = true;
                    stack.push(n);
                }
            }
        }
        // A symbol is square (its box at most √2 : 1 when rotated) and at most 177 modules
        // wide; bigger or longer blobs are artwork that happens to hold a finder-like mark.
        let (bw, bh) = (
            ((max_x - min_x + 1) * cell) as f32,
            ((max_y - min_y + 1) * cell) as f32,
        );
        if bw.max(bh) > 190.0 * module || bw.max(bh) > 1.6 * bw.min(bh) {
            continue;
        }
        let margin = (4.0 * module) as u32;
        let x = (min_x * cell).saturating_sub(margin);
        let y = (min_y * cell).saturating_sub(margin);
        let right = ((max_x + 1) * cell + margin).min(width);
        let bottom = ((max_y + 1) * cell + margin).min(height);
        regions.push(Region {
            x,
            y,
            w: right - x,
            h: bottom - y,
            module,
        });
    }
    regions
}

/// Square dilation by `radius` cells, separably: a horizontal then a vertical sliding
/// window count, linear in the grid size whatever the radius.
fn dilate(grid: &[bool], width: usize, height: usize, radius: usize) -> Vec<bool> {
    let pass = |input: &[bool], len: usize, lines: usize, at: &dyn Fn(usize, usize) -> usize| {
        let mut out = vec![false; input.len()];
        for line in 0..lines {
            // Dark cells in the window [i - radius, i + radius].
            let mut count = (0..radius.min(len)).filter(|&j| input[at(line, j)]).count();
            for i in 0..len {
                if i + radius < len && input[at(line, i + radius)] {
                    count += 1;
                }
                if i > radius && input[at(line, i - radius - 1)] {
                    count -= 1;
                }
                out[at(line, i)] = count > 0;
            }
        }
        out
    };
    let rows = pass(grid, width, height, &|line, i| line * width + i);
    pass(&rows, height, width, &|line, i| i * width + line)
}
