import { validate } from 'class-validator';
import { geoJsonFeatureProblem, IsGeoJsonFeature, MAX_GEOJSON_POSITIONS } from 'src/locations/geojson.validator';

const point = (coordinates: unknown) => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates } });

describe('geoJsonFeatureProblem', () => {
  it('accepts points, lines and polygons with positions in range', () => {
    expect(geoJsonFeatureProblem(point([13.7373, 51.0504]))).toBeNull();
    expect(geoJsonFeatureProblem(point([-180, -90, 120]))).toBeNull();
    expect(
      geoJsonFeatureProblem({
        type: 'Feature',
        geometry: {
          type: 'LineString',
          coordinates: [
            [0, 0],
            [1, 1],
          ],
        },
      }),
    ).toBeNull();
    const ring = [
      [13, 51],
      [14, 51],
      [14, 52],
      [13, 51],
    ];
    expect(geoJsonFeatureProblem({ type: 'Feature', properties: null, geometry: { type: 'Polygon', coordinates: [ring] } })).toBeNull();
    expect(geoJsonFeatureProblem({ type: 'Feature', geometry: { type: 'MultiPolygon', coordinates: [[ring]] } })).toBeNull();
  });

  it('refuses what is not a feature', () => {
    expect(geoJsonFeatureProblem(null)).toMatch(/Feature/);
    expect(geoJsonFeatureProblem([1, 2])).toMatch(/Feature/);
    expect(geoJsonFeatureProblem({ type: 'Point', coordinates: [1, 2] })).toMatch(/type must be 'Feature'/);
    expect(geoJsonFeatureProblem({ type: 'Feature' })).toMatch(/geometry/);
    expect(geoJsonFeatureProblem({ type: 'Feature', properties: 'x', geometry: { type: 'Point', coordinates: [1, 2] } })).toMatch(
      /properties/,
    );
    expect(geoJsonFeatureProblem({ type: 'Feature', geometry: { type: 'Circle', coordinates: [1, 2] } })).toMatch(/geometry.type/);
    expect(geoJsonFeatureProblem({ type: 'Feature', geometry: { type: 'Point' } })).toMatch(/coordinates/);
  });

  it('refuses positions out of range or of the wrong shape, lon first', () => {
    expect(geoJsonFeatureProblem(point([181, 0]))).toMatch(/longitude/);
    expect(geoJsonFeatureProblem(point([-180.5, 0]))).toMatch(/longitude/);
    expect(geoJsonFeatureProblem(point([13, 91]))).toMatch(/latitude/);
    expect(geoJsonFeatureProblem(point([13]))).toMatch(/position/);
    expect(geoJsonFeatureProblem(point(['13', '51']))).toMatch(/position/);
    expect(geoJsonFeatureProblem(point([1, 2, 3, 4]))).toMatch(/position/);
    expect(geoJsonFeatureProblem(point([NaN, 2]))).toMatch(/position/);
    expect(geoJsonFeatureProblem(point([[13, 51]]))).toMatch(/position/);
    expect(geoJsonFeatureProblem({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [[13, 51]] } })).toMatch(/nested|position/);
    expect(geoJsonFeatureProblem({ type: 'Feature', geometry: { type: 'LineString', coordinates: [] } })).toMatch(/nested/);
  });

  it('caps the number of positions', () => {
    const line = Array.from({ length: MAX_GEOJSON_POSITIONS + 1 }, () => [1, 1]);
    expect(geoJsonFeatureProblem({ type: 'Feature', geometry: { type: 'LineString', coordinates: line } })).toMatch(/at most/);
    expect(geoJsonFeatureProblem({ type: 'Feature', geometry: { type: 'LineString', coordinates: line.slice(1) } })).toBeNull();
  });
});

describe('@IsGeoJsonFeature', () => {
  class Holder {
    @IsGeoJsonFeature()
    geojson: unknown;
  }

  it('reports the concrete problem as the constraint message', async () => {
    const ok = Object.assign(new Holder(), { geojson: point([13.7, 51.05]) });
    expect(await validate(ok)).toEqual([]);
    const bad = Object.assign(new Holder(), { geojson: point([13.7, 95]) });
    const errors = await validate(bad);
    expect(errors).toHaveLength(1);
    expect(Object.values(errors[0].constraints ?? {})).toEqual(['geojson: latitude must be between -90 and 90']);
  });
});
