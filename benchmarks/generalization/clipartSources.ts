/**
 * Where the clip-art generator's cars and backgrounds come from: drawings by people outside the
 * project (Debian's openclipart-png, the Open Clip Art Library 0.18) and photographs (Debian's
 * mate-backgrounds). Nothing here is drawn by Maskflow.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '@maskflow/errors';

/** Where Debian's openclipart-png puts its PNGs. */
export const DEBIAN_CLIPART_DIR = '/usr/share/openclipart/png';
/** Where Debian's mate-backgrounds puts its pictures (photographs of nature, abstract and striped wallpapers). */
export const DEBIAN_BACKGROUNDS_DIR = '/usr/share/backgrounds/mate';

/**
 * The cars, under the clip-art folder. Fixed before any run (session 49's rule): every drawing
 * in openclipart-png's transportation/ of one whole car, jeep or van on a transparent
 * background, at least 100 pixels wide; left out are line art whose body is see-through (the
 * three Chevrolet Celebrity drawings, the old Lumen Design car), drawings with people or speed
 * lines, trucks, buses and duplicates (hummer_06 is hummer_05 in black).
 */
export const CLIPART_CARS: readonly string[] = [
  'transportation/vehicles/4wd.png',
  'transportation/ambulans_romus_01.png',
  'transportation/blazer_01.png',
  'transportation/vehicles/car.png',
  'transportation/car_jamin_ellis_.png',
  'transportation/dodge_neon_green_ganson.png',
  'transportation/dodge_neon_pink_ganson.png',
  'transportation/formula_one_car_gerald_g_01.png',
  'transportation/hummer_03.png',
  'transportation/vehicles/hummers/hummer_04.png',
  'transportation/hummer_05.png',
  'transportation/hummer_07.png',
  'transportation/skoda_car_alejandro_teja_.png',
  'transportation/sportcar_sergio_luiz_ara_01.png',
  'transportation/toyota_land_cruiser_ganson.png',
];

/** The pictures a clip-art set is made from: car drawings (RGBA PNGs) and background pictures. */
export interface ClipartSources {
  cars: string[];
  backgrounds: string[];
}

/** Every JPEG or PNG under `dir`, sorted (so a seed picks the same pictures on every machine with the same packages). */
function picturesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...picturesUnder(path));
    else if (/\.(jpe?g|png)$/i.test(entry.name) && statSync(path).size > 0) out.push(path);
  }
  return out.sort();
}

/**
 * The pool's car drawings found under `clipartDir` and every picture under `backgroundsDir`;
 * throws a UserError (printed without a stack trace), naming the folder and the Debian package
 * that fills it, where either has none.
 */
export function findClipartSources(clipartDir = DEBIAN_CLIPART_DIR, backgroundsDir = DEBIAN_BACKGROUNDS_DIR): ClipartSources {
  const cars = CLIPART_CARS.map((rel) => join(clipartDir, rel)).filter((path) => existsSync(path));
  if (cars.length === 0) {
    throw new UserError(`${clipartDir} holds none of the clip-art cars (${CLIPART_CARS[0]} and ${CLIPART_CARS.length - 1} more): install Debian's openclipart-png (apt-get install openclipart-png) or pass --clipart-dir`);
  }
  const backgrounds = existsSync(backgroundsDir) ? picturesUnder(backgroundsDir) : [];
  if (backgrounds.length === 0) {
    throw new UserError(`${backgroundsDir} holds no JPEG or PNG pictures: install Debian's mate-backgrounds (apt-get install mate-backgrounds) or pass --backgrounds-dir`);
  }
  return { cars, backgrounds };
}
