'use client';

import { useEffect, useRef, useState } from 'react';

import { api } from '@/lib/api/browser';
import { ApiError } from '@/lib/api/errors';
import { fill } from '@/lib/i18n/dictionary';

export interface Photo {
  id: string;
  name: string;
  preview: string;
  key: string | null;
  progress: number;
  error: string | null;
}

export interface PhotoLabels {
  photos: string;
  photosHint: string;
  removePhoto: string;
  uploading: string;
  uploaded: string;
  uploadFailed: string;
}

/** As many as the API takes on a car (cars/schemas.py MAX_IMAGES); parts take fewer. */
const MAX_PHOTOS = 20;
const ACCEPT = 'image/jpeg,image/png,image/webp';

/**
 * Picks photos and uploads each at once through /v1/media/uploads (a form for S3 or
 * the sidecar's local store), with a preview and its progress. The parent gets the
 * storage keys of the finished uploads. Used by the sell form and the part editor.
 */
export function PhotoPicker({
  labels,
  error,
  initial,
  onChange,
  max = MAX_PHOTOS,
}: {
  labels: PhotoLabels;
  error?: string;
  initial: { key: string; url: string }[];
  onChange: (keys: string[], busy: boolean) => void;
  max?: number;
}) {
  const [photos, setPhotos] = useState<Photo[]>(() =>
    initial.map((photo) => ({ id: photo.key, name: photo.key.split('/').pop() ?? photo.key, preview: photo.url, key: photo.key, progress: 100, error: null })),
  );
  const [announcement, setAnnouncement] = useState('');
  const created = useRef<string[]>([]);

  useEffect(() => {
    onChange(
      photos.filter((photo) => photo.key).map((photo) => photo.key as string),
      photos.some((photo) => !photo.key && !photo.error),
    );
  }, [photos, onChange]);

  useEffect(() => () => created.current.forEach((url) => URL.revokeObjectURL(url)), []);

  function update(id: string, change: Partial<Photo>) {
    setPhotos((current) => current.map((photo) => (photo.id === id ? { ...photo, ...change } : photo)));
  }

  async function upload(photo: Photo, file: File) {
    try {
      const form = await api.createUpload(file);
      await api.uploadFile(form, file, (progress) => update(photo.id, { progress }));
      update(photo.id, { key: form.key, progress: 100 });
      setAnnouncement(fill(labels.uploaded, { name: file.name }));
    } catch (caught) {
      const reason = caught instanceof ApiError ? caught.message : String(caught);
      update(photo.id, { error: fill(labels.uploadFailed, { name: file.name, reason }) });
      setAnnouncement(fill(labels.uploadFailed, { name: file.name, reason }));
    }
  }

  function pick(files: FileList | null) {
    if (!files) return;
    const room = max - photos.length;
    const chosen = Array.from(files).slice(0, Math.max(room, 0));
    const added = chosen.map((file) => {
      const preview = URL.createObjectURL(file);
      created.current.push(preview);
      return { photo: { id: `${file.name}-${preview}`, name: file.name, preview, key: null, progress: 0, error: null }, file };
    });
    setPhotos((current) => [...current, ...added.map((item) => item.photo)]);
    added.forEach(({ photo, file }) => void upload(photo, file));
  }

  const describedBy = ['photos-hint', error ? 'photos-error' : null].filter(Boolean).join(' ');
  return (
    <div>
      <label htmlFor="photos" className="mb-1 block text-sm font-semibold text-stone-800">
        {labels.photos}
      </label>
      <input
        id="photos"
        name="photos"
        type="file"
        accept={ACCEPT}
        multiple
        className="block w-full text-base file:mr-3 file:min-h-11 file:rounded-lg file:border-0 file:bg-brand-700 file:px-4 file:font-semibold file:text-white"
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
        onChange={(event) => {
          pick(event.currentTarget.files);
          event.currentTarget.value = '';
        }}
      />
      <p id="photos-hint" className="mt-1 text-sm text-stone-600">{labels.photosHint}</p>
      {error ? <p id="photos-error" className="mt-1 text-sm font-medium text-red-800">{error}</p> : null}
      <p className="sr-only" role="status" aria-live="polite">{announcement}</p>
      {photos.length ? (
        <ul className="mt-3 grid grid-cols-2 gap-3 sm:grid-cols-4">
          {photos.map((photo, index) => (
            <li key={photo.id} className="card overflow-hidden">
              {/* eslint-disable-next-line @next/next/no-img-element -- a local preview (blob: URL) */}
              <img src={photo.preview} alt="" className="aspect-[4/3] w-full object-cover" />
              <div className="p-2 text-sm">
                {photo.error ? (
                  <p className="text-red-800">{photo.error}</p>
                ) : (
                  <>
                    <progress className="w-full" max={100} value={photo.progress} aria-label={fill(labels.uploading, { name: photo.name, percent: photo.progress })} />
                    <p className="truncate text-stone-700">{photo.name}</p>
                  </>
                )}
                <button
                  type="button"
                  className="mt-1 min-h-11 text-red-800 underline"
                  onClick={() => setPhotos((current) => current.filter((item) => item.id !== photo.id))}
                >
                  {fill(labels.removePhoto, { n: index + 1 })}
                </button>
              </div>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
