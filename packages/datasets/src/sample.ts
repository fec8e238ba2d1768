/** Which directory structure a dataset uses. */
export type DatasetLayout = 'carvana' | 'folders';

/**
 * One image and where its mask comes from.
 * A Carvana sample's `rle` is its csv mask, sized like the image.
 */
export interface Sample {
  /** File stem of the image, unique in the dataset (`<car>_<NN>` in Carvana; with its folders under images/, `clip7/0001`, in a folder layout). */
  id: string;
  /** Samples that must stay on one side of a split: the car id in Carvana, the first folder under images/ (else the id) in a folder layout. */
  group: string;
  /** Absolute path of the image file. */
  imagePath: string;
  /** Absolute path of the mask image, when one exists. */
  maskPath?: string;
  /** Carvana run-length mask from `train_masks.csv`, when the csv has a row for this image. */
  rle?: string;
}

/** What `loadDataset` returns: the detected layout, its absolute root and the sorted samples. */
export interface Dataset {
  layout: DatasetLayout;
  root: string;
  samples: Sample[];
}
