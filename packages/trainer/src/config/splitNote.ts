/** The note for a split by car that finds no cars: every group holds one image. */
import { carvanaGroup, type Sample } from '@maskflow/datasets';

/** The most images a name prefix may average and still read as one object's views (Carvana: 16). */
const MAX_VIEWS = 32;

/**
 * A note when `--split car` finds every sample its own group where the names say otherwise, so
 * the split is by image and views of one car may land on both sides (val Dice then measures
 * memory): Carvana ids without a `_<NN>` view number, or a folder layout whose images lie
 * directly in `images/` under Carvana-style names (`<car>_<NN>.jpg`, as Pytorch-UNet's
 * `data/imgs/` holds Carvana), where the folder, not the name, is the group.
 */
export function oneImageGroupsNote(samples: readonly Sample[], split: 'car' | 'image', layout: string): string | undefined {
  if (split !== 'car' || samples.length < 4) return undefined;
  if (new Set(samples.map((s) => s.group)).size < samples.length) return undefined;
  if (layout === 'carvana') {
    return 'note: --split car found no two views of one car (ids without a _<NN> view number), so it splits by image; if several images show one car, name them <car>_<NN>.jpg so the split keeps them on one side';
  }
  // ISIC_0000001 ... share one prefix: a numbered series, not views of objects. Oxford-IIIT Pet's
  // Abyssinian_1 ... Abyssinian_200 are a class's many animals, not one animal's few views.
  const named = new Set(samples.map((s) => carvanaGroup(s.id))).size;
  if (named < 2 || named > samples.length / 2 || samples.length / named > MAX_VIEWS) return undefined;
  return `note: --split car groups a folder layout by subfolder, and these ${samples.length} images lie directly in the image folder, so it splits by image, though their names look like ${named} objects' views (<name>_<NN>); put each object's images in a subfolder of their own (images/<name>/front.jpg), or use the Carvana layout (train/, train_masks/), so the split keeps them on one side`;
}
